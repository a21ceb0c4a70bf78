import BerthCore
import BerthLinux
import BerthShimAPI
import CBerthLinux
import Glibc

/// `berth-shim start|delete --namespace NS --id ID --bundle DIR [--runtime BIN] [--runtime-root DIR]
/// [--socket-dir DIR]`, the containerd shim v2 bootstrap verbs.
public enum ShimCommandLine {
    public static let usage = """
        usage: berth-shim start  --namespace NS --id ID --bundle DIR [--runtime BIN] [--runtime-root DIR] [--socket-dir DIR]
               berth-shim delete --namespace NS --id ID --bundle DIR [--runtime BIN] [--runtime-root DIR] [--socket-dir DIR]

        """

    public static func main(_ arguments: [String]) -> Int32 {
        guard let verb = arguments.first else {
            printError(usage)
            return 2
        }
        do {
            switch verb {
            case "start": return try start(try parse(Array(arguments.dropFirst())))
            case "delete": return try delete(try parse(Array(arguments.dropFirst())))
            case "--version", "-v", "version":
                print(TaskService.version)
                return 0
            case "--help", "-h", "help":
                print(usage, terminator: "")
                return 0
            default:
                printError("berth-shim: unknown command \"\(verb)\"\n" + usage)
                return 2
            }
        } catch {
            printError("berth-shim \(verb): \(error)\n")
            return 1
        }
    }

    struct Options {
        var config: ShimConfig
        var runtimeGiven: Bool
        var runtimeRootGiven: Bool
    }

    static func parse(_ args: [String]) throws -> Options {
        var values: [String: String] = [:]
        var i = 0
        while i < args.count {
            var name = String(args[i].drop(while: { $0 == "-" }))
            guard args[i].hasPrefix("-"), !name.isEmpty else { throw BerthError(.invalidArgument, "unexpected argument \"\(args[i])\"") }
            if let eq = name.firstIndex(of: "=") {
                values[String(name[..<eq])] = String(name[name.index(after: eq)...])
                name = ""
            } else {
                guard i + 1 < args.count else { throw BerthError(.invalidArgument, "flag --\(name) needs a value") }
                values[name] = args[i + 1]
                i += 1
            }
            i += 1
        }
        let known: Set<String> = ["namespace", "id", "bundle", "runtime", "runtime-root", "socket-dir", "address", "publish-binary"]
        for key in values.keys where !known.contains(key) { throw BerthError(.invalidArgument, "unknown flag --\(key)") }
        let namespace = values["namespace"] ?? "default"
        guard let id = values["id"] else { throw BerthError(.invalidArgument, "--id is required") }
        guard let bundle = values["bundle"], bundle.hasPrefix("/") else { throw BerthError(.invalidArgument, "--bundle must be an absolute path") }
        try ContainerID.validate(id)
        do { try ContainerID.validate(namespace) } catch { throw BerthError(.invalidArgument, "invalid namespace \"\(namespace)\"") }
        var bundleDir = bundle
        while bundleDir.count > 1 && bundleDir.hasSuffix("/") { bundleDir.removeLast() }
        let config = ShimConfig(namespace: namespace, id: id, bundle: bundleDir, runtime: values["runtime"] ?? "",
                                runtimeRoot: values["runtime-root"], socketDirectory: values["socket-dir"] ?? ShimAddress.defaultSocketDirectory)
        return Options(config: config, runtimeGiven: values["runtime"] != nil, runtimeRootGiven: values["runtime-root"] != nil)
    }

    /// Prints the address of the shim serving NS/ID, starting one if none answers. Idempotent: a
    /// lock in the bundle serialises concurrent starts, the second one finds the first's socket.
    static func start(_ options: Options) throws -> Int32 {
        let config = options.config
        let socketPath = config.socketPath
        guard socketPath.utf8.count < 108 else {
            throw BerthError(.invalidArgument, "socket path \(socketPath) exceeds 107 bytes; use a shorter --socket-dir")
        }
        guard FileIO.isDirectory(config.bundle) else { throw BerthError(.notFound, "bundle \(config.bundle) is not a directory") }
        try FileIO.mkdirAll(config.socketDirectory, mode: 0o711)
        let lock = berth_lock_file(config.bundle + "/shim.lock")
        guard lock >= 0 else { throw BerthError.sys("lock \(config.bundle)/shim.lock") }
        defer { close(lock) }
        let address = ShimAddress.address(forSocket: socketPath)
        if isAlive(socketPath) {
            print(address)
            return 0
        }
        let ready = try Pipes.pipe()
        let pid = berth_clone(UInt(SIGCHLD))
        if pid < 0 { throw BerthError.sys("fork shim daemon") }
        if pid == 0 {
            close(ready.read)
            close(lock)
            ShimDaemon.run(config, readyFD: ready.write)
        }
        close(ready.write)
        let answer = (try? FileIO.readAll(fd: ready.read, what: "readiness pipe")) ?? []
        close(ready.read)
        let text = String(decoding: answer, as: UTF8.self)
        guard text == "ok" else {
            var status: Int32 = 0
            _ = berth_wait_status(pid, 0, &status)
            throw BerthError(.system, text.isEmpty ? "shim daemon exited before it was ready (see \(config.bundle)/shim.log)" : text)
        }
        print(address)
        return 0
    }

    /// Cleanup after a dead shim: force-deletes the container in the runtime and prints the exit the
    /// shim recorded (137, SIGKILL, when it recorded none).
    static func delete(_ options: Options) throws -> Int32 {
        var config = options.config
        let recorded = RuntimeChoice.read(bundle: config.bundle)
        if !options.runtimeGiven, let recorded { config.runtime = recorded.runtime }
        if !options.runtimeRootGiven, let recorded { config.runtimeRoot = recorded.runtimeRoot }
        let cli = RuntimeCLI(binary: try RuntimeCLI.resolve(config.runtime), root: config.runtimeRoot,
                             logPath: config.runtimeLogPath, runner: ProcessRunner(reaper: ChildReaper()))
        do {
            try cli.capture(["delete", "--force", config.id])
        } catch let error as BerthError where error.code == .notFound {
            // Already gone from the runtime: nothing left to clean there.
        }
        let exit = ExitRecord.read(bundle: config.bundle, execID: nil)
        let pid = FileIO.readTrimmed(config.initPidPath).flatMap { Int32($0) } ?? 0
        let response = ExitResponse(pid: exit?.pid ?? pid, exitStatus: exit?.status ?? 137,
                                    exitedAt: exit?.exitedAt ?? Timestamp.rfc3339Nano(Timestamp.now()))
        print(String(decoding: response.wire(), as: UTF8.self))
        unlink(config.socketPath)
        return 0
    }

    static func isAlive(_ socketPath: String) -> Bool {
        let fd = berth_unix_connect(socketPath)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    static func printError(_ text: String) {
        try? FileIO.writeAll(fd: 2, Array(text.utf8), what: "stderr")
    }
}
