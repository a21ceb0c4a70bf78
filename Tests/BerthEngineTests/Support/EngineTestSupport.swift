import BerthCore
import BerthOCI
import Foundation
import Glibc
import Testing

@testable import BerthEngine

/// Scratch directories, a fake container rootfs, and a `SpecBuildEnvironment` that never looks at
/// the host, so spec tests are deterministic.
enum EngineTestSupport {
    static let repo: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let containerID = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b"

    static func temporaryDirectory(_ prefix: String = "berth-engine-test") throws -> String {
        var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("\(prefix)-XXXXXX")).utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer -> UnsafeMutablePointer<CChar>? in
            guard let base = buffer.baseAddress else { return nil }
            return mkdtemp(base)
        }) else {
            throw BerthError.sys("mkdtemp")
        }
        return String(cString: made)
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func write(_ path: String, _ content: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try content.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A rootfs with an /etc/passwd and /etc/group like a small distro's.
    static func makeRootfs() throws -> String {
        let root = try temporaryDirectory("berth-rootfs")
        try write(root + "/etc/passwd", """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            alice:x:1000:1000:Alice:/home/alice:/bin/sh
            bob:x:1001:1001::/home/bob:/bin/sh

            """)
        try write(root + "/etc/group", """
            root:x:0:
            daemon:x:1:
            tty:x:5:
            audio:x:29:alice
            staff:x:50:alice,bob
            alice:x:1000:
            bob:x:1001:

            """)
        return root
    }

    /// An environment that reads nothing from the host but the fake rootfs.
    static func environment(rootfs: String) -> SpecBuildEnvironment {
        var env = SpecBuildEnvironment(rootfsPath: rootfs)
        env.allCapabilities = CapabilityNames.all
        env.maskedPaths = DockerDefaults.maskedPaths
        env.sysctlExists = { _ in true }
        env.hostDevices = { [Device(type: "c", path: "/dev/null", major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0)] }
        env.hostHostname = { "buildhost" }
        env.kernelRelease = "6.1.0"
        env.onlineCPUs = 4
        env.namespacePath = { ref, type in "/proc/4242/ns/\(type == .network ? "net" : type.rawValue)#\(ref)" }
        return env
    }

    static let busybox = ImageConfig.ExecutionConfig(env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], cmd: ["sh"])

    static func build(_ configure: (inout ContainerSpecInput) -> Void = { _ in },
                      image: ImageConfig.ExecutionConfig? = busybox,
                      environment adjust: (inout SpecBuildEnvironment) -> Void = { _ in }) throws -> Spec {
        let rootfs = try makeRootfs()
        defer { remove(rootfs) }
        var env = environment(rootfs: rootfs)
        adjust(&env)
        var input = ContainerSpecInput(id: containerID)
        configure(&input)
        return try DockerSpecBuilder(environment: env).build(container: input, image: image)
    }

    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command with output captured in files (no pipes: a leaked descriptor in a container
    /// must not hang the test), bounded by `timeout` seconds.
    static func command(_ argv: [String], timeout: Double = 60) throws -> CommandResult {
        let dir = try temporaryDirectory("berth-cmd")
        defer { remove(dir) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw BerthError.sys("posix_spawn \(argv[0])", errno: rc) }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                throw BerthError(.timeout, "\(argv.joined(separator: " ")) did not finish in \(Int(timeout)) s")
            }
            usleep(2000)
        }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return CommandResult(status: code, stdout: (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? "")
    }

    /// The message of the BerthError `body` throws, or nil.
    static func errorMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as BerthError {
            return error.description
        } catch {
            return "\(error)"
        }
    }
}
