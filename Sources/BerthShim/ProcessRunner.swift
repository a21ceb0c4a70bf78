import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

/// Runs a helper binary (the OCI runtime) to completion, synchronously. Waiting goes through the
/// reaper so container exits reaped meanwhile are kept.
struct ProcessRunner {
    let reaper: ChildReaper

    struct Output {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    /// Spawns `argv` with the given stdio (the container's own pipes for create/exec) and waits.
    func run(_ argv: [String], stdin: Int32, stdout: Int32, stderr: Int32) throws -> Int32 {
        let pid = try spawn(argv, stdin: stdin, stdout: stdout, stderr: stderr)
        return berth_exit_code(reaper.waitFor(pid))
    }

    /// Spawns `argv`, feeds it `input` and collects both outputs.
    func capture(_ argv: [String], input: [UInt8] = []) throws -> Output {
        let devNull = berthOpen("/dev/null", O_RDWR | O_CLOEXEC)
        guard devNull >= 0 else { throw BerthError.sys("open /dev/null") }
        defer { close(devNull) }
        var inPipe: (read: Int32, write: Int32)?
        if !input.isEmpty {
            // The input is written before the runtime starts: it must fit the pipe buffer.
            guard input.count < 60 * 1024 else { throw BerthError(.invalidArgument, "runtime input of \(input.count) bytes is too large") }
            let p = try Pipes.pipe()
            inPipe = p
            try FileIO.writeAll(fd: p.write, input, what: "runtime stdin")
            close(p.write)
        }
        defer { if let inPipe { close(inPipe.read) } }
        let out = try Pipes.pipe()
        let err: (read: Int32, write: Int32)
        do { err = try Pipes.pipe() } catch { close(out.read); close(out.write); throw error }
        let pid: Int32
        do {
            pid = try spawn(argv, stdin: inPipe?.read ?? devNull, stdout: out.write, stderr: err.write)
        } catch {
            close(out.read); close(out.write); close(err.read); close(err.write)
            throw error
        }
        close(out.write)
        close(err.write)
        let (stdoutBytes, stderrBytes) = readBoth(out.read, err.read)
        close(out.read)
        close(err.read)
        let status = berth_exit_code(reaper.waitFor(pid))
        return Output(status: status, stdout: stdoutBytes, stderr: stderrBytes)
    }

    private func spawn(_ argv: [String], stdin: Int32, stdout: Int32, stderr: Int32) throws -> Int32 {
        guard let path = argv.first else { throw BerthError(.invalidArgument, "empty command") }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        defer { for p in cArgs { free(p) } }
        let pid = berth_spawn_stdio(path, cArgs, environ, stdin, stdout, stderr)
        guard pid > 0 else { throw BerthError.sys("spawn \(path)") }
        return pid
    }

    /// Reads two pipes to EOF together, so a runtime that fills one cannot deadlock on the other.
    private func readBoth(_ a: Int32, _ b: Int32) -> ([UInt8], [UInt8]) {
        var outA: [UInt8] = []
        var outB: [UInt8] = []
        var openA = true
        var openB = true
        var buffer = [UInt8](repeating: 0, count: 4096)
        while openA || openB {
            var fds = [pollfd(fd: openA ? a : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: openB ? b : -1, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for (i, fd) in [a, b].enumerated() where fds[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    if i == 0 { openA = false } else { openB = false }
                } else if i == 0 {
                    outA.append(contentsOf: buffer[0..<n])
                } else {
                    outB.append(contentsOf: buffer[0..<n])
                }
            }
        }
        return (outA, outB)
    }
}
