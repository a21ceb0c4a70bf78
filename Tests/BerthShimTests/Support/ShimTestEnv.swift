import Foundation
import Glibc
import Testing

/// Where the shim tests find their inputs; the defaults match Scripts/test's layout.
enum ShimTestEnv {
    static let repo: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let environment = ProcessInfo.processInfo.environment
    static let rootfs = environment["BERTH_TEST_ROOTFS"] ?? repo + "/.test-artifacts/rootfs"
    static let runtime = environment["BERTH_RUNTIME_BIN"] ?? repo + "/.build/debug/berth-runtime"
    static let shim = environment["BERTH_SHIM_BIN"] ?? repo + "/.build/debug/berth-shim"
    static let runc: String? = ["/usr/sbin/runc", "/usr/bin/runc"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// The release, fully static shim (Scripts/build-runtime builds it) for the memory budget test.
    static let staticShim: String? = {
        let candidates = [environment["BERTH_SHIM_STATIC_BIN"], repo + "/.build-static/release/berth-shim"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Root with namespace support, the busybox rootfs and both binaries: what running containers needs.
    static let privileged: Bool = {
        geteuid() == 0 && FileManager.default.fileExists(atPath: "/proc/self/ns/user")
            && FileManager.default.fileExists(atPath: rootfs + "/bin/busybox")
            && FileManager.default.isExecutableFile(atPath: runtime)
            && FileManager.default.isExecutableFile(atPath: shim)
    }()

    static let skipReason: Comment = "needs root, namespaces, the busybox rootfs (Scripts/make-rootfs), a built berth-runtime and berth-shim"

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
