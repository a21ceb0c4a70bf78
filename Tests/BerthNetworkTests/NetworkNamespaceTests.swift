import BerthCore
import Foundation
import Glibc
import Testing
@testable import BerthNetwork

/// Real network namespaces on the running kernel. Every namespace lives under a fresh temp dir that
/// the test removes, so a failed run leaves no pinned namespace behind.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root to create network namespaces"))
struct NetworkNamespaceTests {
    @Test func createPinsADistinctNamespaceAndRemoveUnpinsIt() throws {
        let dir = NetTestSupport.tempDirectory()
        defer { NetTestSupport.removeTree(dir) }
        let path = dir + "/nested/netns/ns1"
        let threadNamespace = try NetworkNamespace.inode(at: "/proc/thread-self/ns/net")
        try NetworkNamespace.create(at: path)
        defer { try? NetworkNamespace.remove(at: path) }

        #expect(FileManager.default.fileExists(atPath: path))
        #expect(NetworkNamespace.isPinned(path))
        let inode = try NetworkNamespace.inode(at: path)
        #expect(inode != (try NetworkNamespace.inode(at: "/proc/self/ns/net")))
        // The calling thread never left the host namespace.
        #expect(try NetworkNamespace.inode(at: "/proc/thread-self/ns/net") == threadNamespace)
        // `nsenter` sees the same namespace, with only a loopback link in it.
        let links = try NetTestSupport.run("nsenter", "--net=\(path)", "ip", "-br", "link")
        #expect(links.contains("lo"))
        #expect(links.split(separator: "\n").count == 1)

        let again = #expect(throws: BerthError.self) { try NetworkNamespace.create(at: path) }
        #expect(again?.code == .alreadyExists)
        #expect(again?.message.contains(path) == true)

        try NetworkNamespace.remove(at: path)
        #expect(!FileManager.default.fileExists(atPath: path))
        try NetworkNamespace.remove(at: path)  // already gone: fine
    }

    @Test func socketIsCreatedInsideTheNamespace() throws {
        let dir = NetTestSupport.tempDirectory()
        defer { NetTestSupport.removeTree(dir) }
        let path = dir + "/ns"
        try NetworkNamespace.create(at: path)
        defer { try? NetworkNamespace.remove(at: path) }

        let fd = try NetworkNamespace.socket(in: path, domain: AF_INET, type: Int32(SOCK_DGRAM.rawValue), protocol: 0)
        defer { close(fd) }
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        // SIOCGSKNS: the namespace a socket belongs to, as an fd.
        let nsfd = ioctl(fd, UInt(0x894C))
        try #require(nsfd >= 0, "SIOCGSKNS: \(errnoText())")
        defer { close(nsfd) }
        var st = stat()
        #expect(fstat(nsfd, &st) == 0)
        #expect(UInt64(st.st_ino) == (try NetworkNamespace.inode(at: path)))

        // The embedded DNS server's address binds once lo is up in the container's namespace.
        let netlink = try RouteNetlink(namespacePath: path)
        #expect(try netlink.linkNames() == ["lo"])
        try netlink.setUp(link: "lo")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(0).bigEndian
        address.sin_addr.s_addr = IPv4Address(127, 0, 0, 11).value.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0, "bind 127.0.0.11: \(errnoText())")
    }

    @Test func socketInAMissingNamespaceNamesThePath() throws {
        let path = NetTestSupport.tempDirectory() + "/absent"
        defer { NetTestSupport.removeTree((path as NSString).deletingLastPathComponent) }
        let error = #expect(throws: BerthError.self) {
            _ = try NetworkNamespace.socket(in: path, domain: AF_INET, type: Int32(SOCK_DGRAM.rawValue), protocol: 0)
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains(path) == true)
    }
}

/// Shared by the network tests: unique names, temp dirs and running `ip`/`nsenter` to check results.
enum NetTestSupport {
    /// `bt` + 6 random hex digits: short enough for link names (15 bytes) with a suffix.
    static func uniqueName() -> String {
        let hex = String(UInt32.random(in: 0..<0x100_0000), radix: 16)
        return "bt" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    static func tempDirectory() -> String {
        let path = NSTemporaryDirectory() + "berth-netns-" + uniqueName()
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Unpins any namespace still under `dir`, then deletes it.
    static func removeTree(_ dir: String) {
        if let entries = FileManager.default.enumerator(atPath: dir) {
            for case let entry as String in entries {
                let full = dir + "/" + entry
                if NetworkNamespace.isPinned(full) { try? NetworkNamespace.remove(at: full) }
            }
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Runs a tool and returns its stdout; throws with stderr when it fails.
    @discardableResult
    static func run(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BerthError(.system, arguments.joined(separator: " "),
                             cause: String(decoding: errors + output, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A 10.x.y.0/24 that no host route or address touches, so test traffic stays on test links.
    static func freeSubnet(_ netlink: RouteNetlink) throws -> IPv4Subnet {
        let used = try netlink.ipv4Routes() + netlink.ipv4Addresses().map(\.subnet)
        for _ in 0..<200 {
            let candidate = IPv4Subnet(address: IPv4Address(10, UInt8.random(in: 200...250), UInt8.random(in: 0...255), 0), prefixLength: 24)
            if !used.contains(where: { $0.prefixLength > 0 && $0.overlaps(candidate) }) { return candidate }
        }
        throw BerthError(.illegalState, "no free 10.x.y.0/24 for the test")
    }
}
