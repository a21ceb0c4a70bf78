import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

/// A process's stdio as the shim holds it. Without a terminal the container writes into pipes the
/// shim owns and copiers move the bytes to the caller's FIFOs or log file, so a reader that is slow,
/// late or absent never blocks the shim. With a terminal the pty master (received over the console
/// socket) is copied to and from the FIFOs the same way.
final class ProcessIO {
    let terminal: Bool
    let stdinPath: String?
    let stdoutPath: String?
    let stderrPath: String?
    let logPath: String?
    private let label: String
    private let loop: EventLoop
    /// The ends the runtime hands to the container (non-terminal), closed once the runtime returned.
    private(set) var containerStdin: Int32 = -1
    private(set) var containerStdout: Int32 = -1
    private(set) var containerStderr: Int32 = -1
    private var copiers: [StdioCopier] = []
    private var stdinCopier: StdioCopier?
    private var master: Int32 = -1

    init(loop: EventLoop, label: String, terminal: Bool, stdin: String?, stdout: String?, stderr: String?, logPath: String?) throws {
        self.loop = loop
        self.label = label
        self.terminal = terminal
        self.stdinPath = ProcessIO.nonEmpty(stdin)
        self.stdoutPath = ProcessIO.nonEmpty(stdout)
        self.stderrPath = ProcessIO.nonEmpty(stderr)
        self.logPath = ProcessIO.nonEmpty(logPath)
        do {
            if terminal {
                // The runtime's own stdio: its messages go to the log, the container gets the pty.
                containerStdin = try ProcessIO.openDevNull()
                containerStdout = try ProcessIO.openDevNull()
                containerStderr = try ProcessIO.openDevNull()
            } else {
                try setUpPipes()
            }
        } catch {
            close()
            throw error
        }
    }

    private static func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }

    private static func openDevNull() throws -> Int32 {
        let fd = berthOpen("/dev/null", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError.sys("open /dev/null") }
        return fd
    }

    private func setUpPipes() throws {
        if let stdinPath {
            // O_RDONLY|O_NONBLOCK never waits for a writer; poll reports nothing until one writes, and
            // POLLHUP once the last writer closed (then the container's stdin is closed: EOF).
            let fifo = berthOpen(stdinPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fifo >= 0 else { throw BerthError.sys("open stdin fifo \(stdinPath) of \(label)") }
            let pipe: (read: Int32, write: Int32)
            do { pipe = try Pipes.pipe() } catch { Glibc.close(fifo); throw error }
            _ = berth_set_nonblock(pipe.write, 1)
            containerStdin = pipe.read
            let copier = StdioCopier(name: "stdin of \(label)", loop: loop, source: fifo, sink: pipe.write, closesSink: true)
            stdinCopier = copier
            copiers.append(copier)
        } else {
            containerStdin = try ProcessIO.openDevNull()
        }
        containerStdout = try outputPipe(path: logPath ?? stdoutPath, stream: "stdout")
        containerStderr = try outputPipe(path: logPath ?? stderrPath, stream: "stderr")
    }

    /// A pipe whose write end goes to the container, copied to `path` (or /dev/null without one).
    private func outputPipe(path: String?, stream: String) throws -> Int32 {
        guard let path else { return try ProcessIO.openDevNull() }
        let sink = try openOutput(path, stream: stream)
        let pipe: (read: Int32, write: Int32)
        do { pipe = try Pipes.pipe() } catch { Glibc.close(sink); throw error }
        _ = berth_set_nonblock(pipe.read, 1)
        copiers.append(StdioCopier(name: "\(stream) of \(label)", loop: loop, source: pipe.read, sink: sink, closesSink: true,
                                   sinkIsFIFO: ProcessIO.isFIFO(path)))
        return pipe.write
    }

    /// A FIFO is opened read-write: that never blocks or fails for want of a reader, the pipe buffer
    /// keeps output until a reader shows up, and writes stay non-blocking. A log file is appended to.
    private func openOutput(_ path: String, stream: String) throws -> Int32 {
        let fd = ProcessIO.isFIFO(path)
            ? berthOpen(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
            : berthOpen(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw BerthError.sys("open \(stream) \(path) of \(label)") }
        return fd
    }

    private static func isFIFO(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO
    }

    /// The runtime returned: the container holds its ends now, the shim must not (or it would never
    /// see EOF on them).
    func closeContainerEnds() {
        for fd in [containerStdin, containerStdout, containerStderr] where fd >= 0 { Glibc.close(fd) }
        containerStdin = -1
        containerStdout = -1
        containerStderr = -1
    }

    /// Wires the pty master received from the runtime: master -> stdout (or the log), stdin -> master.
    func attachConsole(master fd: Int32) throws {
        master = fd
        _ = berth_set_nonblock(fd, 1)
        if let out = logPath ?? stdoutPath {
            let sink = try openOutput(out, stream: "terminal output")
            copiers.append(StdioCopier(name: "terminal of \(label)", loop: loop, source: dup(fd), sink: sink, closesSink: true,
                                       sinkIsFIFO: ProcessIO.isFIFO(out)))
        }
        if let stdinPath {
            let fifo = berthOpen(stdinPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fifo >= 0 else { throw BerthError.sys("open stdin fifo \(stdinPath) of \(label)") }
            let copier = StdioCopier(name: "terminal input of \(label)", loop: loop, source: fifo, sink: dup(fd), closesSink: true)
            stdinCopier = copier
            copiers.append(copier)
        }
    }

    func resize(width: UInt32, height: UInt32) throws {
        guard master >= 0 else { throw BerthError(.illegalState, "\(label) has no terminal") }
        guard berth_set_winsize(master, UInt16(clamping: height), UInt16(clamping: width)) == 0 else {
            throw BerthError.sys("resize terminal of \(label)")
        }
    }

    /// Ends the container's stdin: it reads EOF.
    func closeStdin() {
        stdinCopier?.close()
        stdinCopier = nil
    }

    /// Pulls whatever output is ready now into the FIFOs/log.
    func drain() {
        for copier in copiers where copier !== stdinCopier { copier.drain() }
    }

    func close() {
        closeContainerEnds()
        for copier in copiers { copier.close() }
        copiers = []
        stdinCopier = nil
        if master >= 0 { Glibc.close(master) }
        master = -1
    }
}
