import BerthSupervisor
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// berth-supervisor [--root DIR] [--state DIR] [--address SOCK] [--shim BIN] [--runtime BIN]
///                  [--runtime-root DIR] [--snapshotter overlayfs|native] [--debug]
/// The containerd role: serves the supervisor gRPC API until SIGTERM/SIGINT. Running tasks are not
/// touched on exit: their shims keep them alive for the next supervisor.
func printError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

func usage() -> Never {
    printError("""
    usage: berth-supervisor [--root DIR] [--state DIR] [--address SOCK] [--shim BIN] [--runtime BIN]
                            [--runtime-root DIR] [--snapshotter overlayfs|native] [--debug]

    """)
    exit(2)
}

/// Binaries default to the ones installed beside this executable, then PATH.
func sibling(_ name: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if n > 0 {
        let exe = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let candidate = String(exe[..<(exe.lastIndex(of: "/") ?? exe.startIndex)]) + "/" + name
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return name
}

var configuration = SupervisorConfiguration()
configuration.shimBinary = sibling("berth-shim")
configuration.defaultRuntime = sibling("berth-runtime")
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else {
            printError("berth-supervisor: \(flag) needs a value\n")
            exit(2)
        }
        return arguments.removeFirst()
    }
    switch flag {
    case "--root": configuration.root = value()
    case "--state": configuration.stateRoot = value()
    case "--address", "-a": configuration.socketPath = value()
    case "--shim": configuration.shimBinary = value()
    case "--runtime": configuration.defaultRuntime = value()
    case "--runtime-root": configuration.runtimeRoot = value()
    case "--snapshotter": configuration.defaultSnapshotter = value()
    case "--debug": configuration.debug = true
    case "--version", "-v":
        print("berth-supervisor \(SupervisorVersion.version)")
        exit(0)
    case "--help", "-h": usage()
    default:
        printError("berth-supervisor: unknown flag \(flag)\n")
        usage()
    }
}
SupervisorLog.debugEnabled = configuration.debug
signal(SIGPIPE, SIG_IGN)

do {
    let supervisor = try Supervisor(configuration: configuration)
    let server = SupervisorServer(supervisor: supervisor)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        group.addTask {
            await TerminationSignal.wait()
            SupervisorLog.info("terminating; running tasks keep their shims")
        }
        _ = try await group.next()
        group.cancelAll()
    }
    supervisor.removeIdleSocketDirectory()
} catch {
    SupervisorLog.error("\(error)")
    exit(1)
}
