import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

/// Waits for a container process that is our child, forwarding every signal we receive to it and,
/// with a terminal, copying between our stdio and the pty master. Returns the shell exit code.
struct ForegroundWaiter {
    let pid: Int32
    let signalFd: Int32
    let ptyMaster: Int32?

    func wait() -> Int32 {
        var saved = [UInt8](repeating: 0, count: berth_termios_size())
        var rawMode = false
        if let master = ptyMaster {
            if isatty(0) != 0 {
                rawMode = saved.withUnsafeMutableBytes { berth_make_raw(0, $0.baseAddress, $0.count) } == 0
                resize(master)
            }
            _ = berth_set_nonblock(master, 1)
        }
        defer {
            if rawMode { _ = saved.withUnsafeBytes { berth_restore_termios(0, $0.baseAddress, $0.count) } }
        }
        var stdinOpen = ptyMaster != nil
        var status: Int32 = 0
        while true {
            if berth_wait_status(pid, WNOHANG, &status) == pid {
                if let master = ptyMaster { drain(master) }
                return berth_exit_code(status)
            }
            var fds = [pollfd(fd: signalFd, events: Int16(POLLIN), revents: 0)]
            if let master = ptyMaster {
                fds.append(pollfd(fd: master, events: Int16(POLLIN), revents: 0))
                if stdinOpen { fds.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0)) }
            }
            let r = poll(&fds, nfds_t(fds.count), 1000)
            if r <= 0 { continue }
            if fds[0].revents != 0 {
                let sig = berth_signalfd_read(signalFd)
                if sig == SIGWINCH, let master = ptyMaster {
                    resize(master)
                } else if sig > 0 && sig != SIGCHLD {
                    Glibc.kill(pid, sig)
                }
            }
            if let master = ptyMaster {
                if fds[1].revents & Int16(POLLIN) != 0 { copy(from: master, to: 1) }
                if stdinOpen, fds.count > 2, fds[2].revents != 0 {
                    if !copy(from: 0, to: master) { stdinOpen = false }
                }
            }
        }
    }

    func resize(_ master: Int32) {
        var rows: UInt16 = 0
        var cols: UInt16 = 0
        if berth_get_winsize(0, &rows, &cols) == 0 { _ = berth_set_winsize(master, rows, cols) }
    }

    @discardableResult
    func copy(from: Int32, to: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 32768)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(from, $0.baseAddress, $0.count) }
        if n <= 0 { return n < 0 && (errno == EAGAIN || errno == EINTR) }
        try? FileIO.writeAll(fd: to, Array(buffer[0..<n]), what: "stdio")
        return true
    }

    func drain(_ master: Int32) {
        while copy(from: master, to: 1) {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 0) <= 0 { break }
        }
    }
}
