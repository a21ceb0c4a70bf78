import CBerthLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The client's end of a task's stdio: FIFOs under a private directory that the shim opens, and
/// copier threads between them and this process's stdio. Opens block until the shim opens the other
/// end (as containerd's fifo package does), so no output written before we attach is lost.
final class TaskIO: @unchecked Sendable {
    let directory: String
    let stdin: String
    let stdout: String
    let stderr: String
    private let outputDone = DispatchGroup()

    init(id: String, terminal: Bool) throws {
        let base = "/run/berth/fifo"
        mkdir("/run/berth", 0o711)
        mkdir(base, 0o700)
        directory = "\(base)/\(id)-\(UInt32.random(in: 0..<UInt32.max))"
        guard mkdir(directory, 0o700) == 0 else { throw CtrFailure("mkdir \(directory): \(String(cString: strerror(errno)))") }
        stdin = directory + "/stdin"
        stdout = directory + "/stdout"
        stderr = terminal ? "" : directory + "/stderr"
        for path in [stdin, stdout, stderr] where !path.isEmpty {
            guard mkfifo(path, 0o600) == 0 else { throw CtrFailure("mkfifo \(path): \(String(cString: strerror(errno)))") }
        }
    }

    /// Starts copying: our stdin into the task, its stdout/stderr to ours.
    func attach(forwardStdin: Bool) {
        copyOut(stdout, to: 1)
        if !stderr.isEmpty { copyOut(stderr, to: 2) }
        let path = stdin
        Thread.detachNewThread {
            let fifo = open(path, O_WRONLY | O_CLOEXEC)
            guard fifo >= 0 else { return }
            if forwardStdin { TaskIO.copy(from: 0, to: fifo) }
            close(fifo)
        }
    }

    /// Waits for the task's output to reach EOF (the shim closes it after the process exits), or
    /// gives up after `timeout` seconds so a missing writer can't hang the client.
    func waitForOutput(timeout: Double) {
        _ = outputDone.wait(timeout: .now() + timeout)
    }

    func remove() {
        for path in [stdin, stdout, stderr] where !path.isEmpty { unlink(path) }
        rmdir(directory)
    }

    private func copyOut(_ path: String, to target: Int32) {
        outputDone.enter()
        let group = outputDone
        Thread.detachNewThread {
            defer { group.leave() }
            let fifo = open(path, O_RDONLY | O_CLOEXEC)
            guard fifo >= 0 else { return }
            TaskIO.copy(from: fifo, to: target)
            close(fifo)
        }
    }

    static func copy(from source: Int32, to target: Int32) {
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return -1 }
                    return write(target, base + done, n - done)
                }
                if w < 0 && errno == EINTR { continue }
                if w <= 0 { return }
                done += w
            }
        }
    }
}
