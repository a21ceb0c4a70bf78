import CBerthLinux
import Foundation
import Glibc

/// Runs a command to completion and captures its output. Spawns and waits for the child itself
/// (posix_spawn + waitpid on that pid) rather than through Foundation.Process: Process reaps through
/// a SIGCHLD dispatch source, and a SIGCHLD taken by another thread of the test runner left it
/// waiting forever for an already-exited `berth-shim start`.
enum Shell {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(_ argv: [String], stdin: String? = nil, timeout: Double = 60) throws -> Result {
        var inPipe: [Int32] = [-1, -1]
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard berth_pipe2(&inPipe, O_CLOEXEC) == 0, berth_pipe2(&outPipe, O_CLOEXEC) == 0, berth_pipe2(&errPipe, O_CLOEXEC) == 0 else {
            throw TestFailure("pipe2: errno \(errno)")
        }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        let pid = berth_spawn_stdio(argv[0], cArgs, environ, inPipe[0], outPipe[1], errPipe[1])
        for p in cArgs { free(p) }
        close(inPipe[0])
        close(outPipe[1])
        close(errPipe[1])
        guard pid > 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw TestFailure("spawn \(argv[0]): errno \(errno)")
        }
        if let stdin {
            let bytes = Array(stdin.utf8)
            _ = bytes.withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
        }
        close(inPipe[1])

        var out: [UInt8] = []
        var err: [UInt8] = []
        var open = [true, true]
        let fds = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 8192)
        let deadline = Date().addingTimeInterval(timeout)
        while open[0] || open[1] {
            if Date() > deadline {
                kill(pid, SIGKILL)
                break
            }
            var pfds = (0..<2).map { pollfd(fd: open[$0] ? fds[$0] : -1, events: Int16(POLLIN), revents: 0) }
            _ = poll(&pfds, 2, 200)
            for i in 0..<2 where open[i] && pfds[i].revents != 0 {
                let n = read(fds[i], &buffer, buffer.count)
                if n > 0 {
                    if i == 0 { out += buffer[0..<n] } else { err += buffer[0..<n] }
                } else if n == 0 || errno != EINTR {
                    open[i] = false
                }
            }
        }
        close(outPipe[0])
        close(errPipe[0])
        var status: Int32 = 0
        _ = berth_wait_status(pid, 0, &status)
        return Result(status: berth_exit_code(status), stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }
}
