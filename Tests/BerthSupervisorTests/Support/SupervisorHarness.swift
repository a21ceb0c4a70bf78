import BerthOCI
import BerthLinux
import BerthSupervisorAPI
import Foundation
import Glibc
import GRPCCore
import GRPCNIOTransportHTTP2
import SwiftProtobuf

/// A private berth-supervisor for one test: its own root, state, socket and runtime root under a
/// unique temp directory, so tests never touch the defaults or each other. `close()` removes every
/// trace (tasks, shims, mounts, runtime state) even when the test failed half way.
final class SupervisorHarness: @unchecked Sendable {
    let base: String
    let socket: String
    let namespace: String
    private var process: Foundation.Process?

    var root: String { base + "/root" }
    var state: String { base + "/state" }
    var runtimeRoot: String { base + "/runtime" }

    init(namespace: String = SupervisorTestEnv.uniqueName("ns")) throws {
        // Under /run: short socket paths, and a filesystem that supports overlay upper dirs.
        base = "/run/berth-test/\(SupervisorTestEnv.uniqueName("sv"))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        socket = base + "/sup.sock"
        self.namespace = namespace
        try start()
    }

    func start() throws {
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: SupervisorTestEnv.supervisor)
        process.arguments = ["--root", root, "--state", state, "--address", socket, "--runtime-root", runtimeRoot,
                             "--shim", SupervisorTestEnv.shim, "--runtime", SupervisorTestEnv.runtime]
        let log = base + "/supervisor.log"
        if !FileManager.default.fileExists(atPath: log) { FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = FileHandle(forWritingAtPath: log)
        handle?.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Ready when the socket accepts a Version call.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if process.isRunning == false { throw HarnessError("supervisor exited at start: \(logText)") }
            // Ready once the socket accepts connections (the gRPC server listens as it binds). A plain
            // connect, not an RPC: blocking a test thread on async work can starve the cooperative pool.
            if Self.accepts(socket) { return }
            usleep(20_000)
        }
        throw HarnessError("supervisor did not start: \(logText)")
    }

    var logText: String { (try? String(contentsOfFile: base + "/supervisor.log", encoding: .utf8)) ?? "" }

    var pid: Int32 { process?.processIdentifier ?? 0 }

    /// SIGKILL, as a crash: nothing gets to clean up.
    func kill9() {
        guard let process else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    func restart() throws {
        stop()
        try start()
    }

    // MARK: client

    func withClient<T: Sendable>(_ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T) async throws -> T {
        let transport = try HTTP2ClientTransport.Posix(target: .unixDomainSocket(path: socket), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { try await body($0) }
    }

    func version() async throws -> String {
        try await withClient { try await Berth_Supervisor_V1_Version.Client(wrapping: $0).version(Google_Protobuf_Empty()).version }
    }

    var tasks: (GRPCClient<HTTP2ClientTransport.Posix>) -> Berth_Supervisor_V1_Tasks.Client<HTTP2ClientTransport.Posix> {
        { Berth_Supervisor_V1_Tasks.Client(wrapping: $0) }
    }

    // MARK: images and containers

    /// Imports the busybox rootfs as `name` and returns the image's target digest.
    @discardableResult
    func importBusybox(name: String = "busybox:latest", namespace: String? = nil) async throws -> String {
        let ns = namespace ?? self.namespace
        let data = try Data(contentsOf: URL(fileURLWithPath: SupervisorTestEnv.rootfsTarball))
        return try await withClient { client in
            let request = StreamingClientRequest<Berth_Supervisor_V1_ImportChunk> { writer in
                var offset = 0
                var first = true
                repeat {
                    var chunk = Berth_Supervisor_V1_ImportChunk()
                    if first {
                        chunk.namespace = ns
                        chunk.format = .rootfs
                        chunk.name = name
                        first = false
                    }
                    let end = min(offset + (1 << 20), data.count)
                    chunk.data = data.subdata(in: offset..<end)
                    try await writer.write(chunk)
                    offset = end
                } while offset < data.count
            }
            let images = try await Berth_Supervisor_V1_Images.Client(wrapping: client).importArchive(request: request) { try $0.message.images }
            guard let image = images.first else { throw HarnessError("import returned no image") }
            return image.target.digest
        }
    }

    /// Unpacks the image, prepares a snapshot and creates a container running `args`.
    func createContainer(_ id: String, args: [String], image: String = "busybox:latest", runtime: String = "",
                         namespace: String? = nil, terminal: Bool = false) async throws {
        let ns = namespace ?? self.namespace
        var spec = DefaultSpec.make(rootless: false)
        spec.process?.args = args
        spec.process?.terminal = terminal
        spec.hostname = id
        spec.root = Root(path: "rootfs")
        var linux = spec.linux ?? Linux()
        linux.cgroupsPath = "/berth-test/\(ns)/\(id)"
        spec.linux = linux
        let specBytes = try JSONCoding.encode(spec)
        try await withClient { client in
            var unpack = Berth_Supervisor_V1_UnpackRequest()
            unpack.namespace = ns
            unpack.name = image
            unpack.snapshotter = "overlayfs"
            let chain = try await Berth_Supervisor_V1_Images.Client(wrapping: client).unpack(unpack).chainID
            var prepare = Berth_Supervisor_V1_PrepareSnapshotRequest()
            prepare.namespace = ns
            prepare.snapshotter = "overlayfs"
            prepare.key = id
            prepare.parent = chain
            _ = try await Berth_Supervisor_V1_Snapshots.Client(wrapping: client).prepare(prepare)
            var create = Berth_Supervisor_V1_CreateContainerRequest()
            create.namespace = ns
            create.container.id = id
            create.container.image = image
            create.container.snapshotter = "overlayfs"
            create.container.snapshotKey = id
            create.container.runtime.name = runtime
            create.container.spec = Data(specBytes)
            _ = try await Berth_Supervisor_V1_Containers.Client(wrapping: client).create(create)
        }
    }

    /// Creates and starts the task with stdout+stderr to `log` (or nowhere); returns the pid.
    @discardableResult
    func startTask(_ id: String, log: String = "", namespace: String? = nil) async throws -> UInt32 {
        let ns = namespace ?? self.namespace
        return try await withClient { client in
            let tasks = Berth_Supervisor_V1_Tasks.Client(wrapping: client)
            var create = Berth_Supervisor_V1_CreateTaskRequest()
            create.namespace = ns
            create.containerID = id
            create.logPath = log
            _ = try await tasks.create(create)
            var start = Berth_Supervisor_V1_StartRequest()
            start.namespace = ns
            start.containerID = id
            return try await tasks.start(start).pid
        }
    }

    func wait(_ id: String, execID: String = "", namespace: String? = nil) async throws -> UInt32 {
        let ns = namespace ?? self.namespace
        return try await withClient { client in
            var request = Berth_Supervisor_V1_WaitRequest()
            request.namespace = ns
            request.containerID = id
            request.execID = execID
            return try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).wait(request).exitStatus
        }
    }

    func get(_ id: String, namespace: String? = nil) async throws -> Berth_Supervisor_V1_Process {
        let ns = namespace ?? self.namespace
        return try await withClient { client in
            var request = Berth_Supervisor_V1_GetRequest()
            request.namespace = ns
            request.containerID = id
            return try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).get(request).process
        }
    }

    func kill(_ id: String, signal: Int32 = SIGKILL, namespace: String? = nil) async throws {
        let ns = namespace ?? self.namespace
        try await withClient { client in
            var request = Berth_Supervisor_V1_KillRequest()
            request.namespace = ns
            request.containerID = id
            request.signal = UInt32(signal)
            _ = try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).kill(request)
        }
    }

    @discardableResult
    func deleteTask(_ id: String, namespace: String? = nil) async throws -> UInt32 {
        let ns = namespace ?? self.namespace
        return try await withClient { client in
            var request = Berth_Supervisor_V1_DeleteTaskRequest()
            request.namespace = ns
            request.containerID = id
            return try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).delete(request).exitStatus
        }
    }

    /// Deletes the task (killing it first), the container and its snapshot.
    func removeContainer(_ id: String, namespace: String? = nil) async throws {
        let ns = namespace ?? self.namespace
        try? await kill(id, namespace: ns)
        _ = try? await wait(id, namespace: ns)
        _ = try? await deleteTask(id, namespace: ns)
        try await withClient { client in
            var delete = Berth_Supervisor_V1_DeleteContainerRequest()
            delete.namespace = ns
            delete.id = id
            _ = try? await Berth_Supervisor_V1_Containers.Client(wrapping: client).delete(delete)
            var remove = Berth_Supervisor_V1_RemoveSnapshotRequest()
            remove.namespace = ns
            remove.snapshotter = "overlayfs"
            remove.key = id
            _ = try? await Berth_Supervisor_V1_Snapshots.Client(wrapping: client).remove(remove)
        }
    }

    /// The shim's pid for a task, from the pid file it writes in its bundle.
    func shimPid(_ id: String, namespace: String? = nil) -> Int32? {
        let path = "\(state)/shims/\(namespace ?? self.namespace)/\(id)/shim.pid"
        return (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Mount points under this harness's directories (what a leak check looks for).
    var mountsUnderBase: [String] {
        let text = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4])
            return point.hasPrefix(base + "/") ? point : nil
        }
    }

    /// Best-effort teardown that works even if the supervisor is dead.
    func close() {
        stop()
        let shims = state + "/shims"
        let namespaces = Set(((try? FileManager.default.contentsOfDirectory(atPath: shims)) ?? []) + [namespace])
        defer { Self.removeNamespaceCgroups(namespaces) }
        for ns in (try? FileManager.default.contentsOfDirectory(atPath: shims)) ?? [] {
            for id in (try? FileManager.default.contentsOfDirectory(atPath: "\(shims)/\(ns)")) ?? [] {
                if let pid = shimPid(id, namespace: ns) { Glibc.kill(pid, SIGKILL) }
                _ = try? Shell.run(SupervisorTestEnv.runtime, ["--root", "\(runtimeRoot)/\(ns)", "delete", "--force", id])
                if let runc = SupervisorTestEnv.runc {
                    _ = try? Shell.run(runc, ["--root", "\(runtimeRoot)/\(ns)", "delete", "--force", id])
                }
            }
        }
        for point in mountsUnderBase.sorted(by: { $0.count > $1.count }) { umount2(point, Int32(MNT_DETACH)) }
        try? FileManager.default.removeItem(atPath: base)
    }

    static func accepts(_ path: String) -> Bool { UnixSocketProbe.accepts(path) }

    /// The per-namespace cgroup parents that containers of this run left empty (`/berth/<ns>` from
    /// berth-ctr's specs, `/berth-test/<ns>` from the harness's), in every hierarchy. rmdir only
    /// removes empty directories, so nothing still in use goes.
    static func removeNamespaceCgroups(_ namespaces: Set<String>) {
        let hierarchies = ["/sys/fs/cgroup"] + ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [])
            .map { "/sys/fs/cgroup/" + $0 }
        for hierarchy in hierarchies {
            for ns in namespaces {
                for parent in ["berth", "berth-test"] { rmdir("\(hierarchy)/\(parent)/\(ns)") }
            }
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
