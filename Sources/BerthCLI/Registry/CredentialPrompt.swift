#if canImport(Glibc)
import Glibc
#endif

/// The interactive half of `login` (docker's internal/prompt): a prompt on stdout, one line read from
/// stdin and trimmed; for the password, terminal echo is switched off while it is typed and back on
/// afterwards, whatever happens.
public enum CredentialPrompt {
    /// prompt.ReadInput: "" at end of input.
    public static func readLine(_ out: OutputStream, _ message: String, fd: Int32 = 0) -> String {
        out.write(message)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 || byte == 0x0A { break }
            line.append(byte)
        }
        return String(decoding: line, as: UTF8.self).trimmingWhitespace()
    }

    /// Reads with echo off (prompt.DisableInputEcho); echo is restored before returning.
    public static func readSecret(_ out: OutputStream, _ message: String, fd: Int32 = 0) -> String {
        var saved = termios()
        let haveTerminal = tcgetattr(fd, &saved) == 0
        if haveTerminal {
            var quiet = saved
            // Only echo goes: the terminal driver still edits the line and ends it at Enter.
            quiet.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(fd, TCSANOW, &quiet)
        }
        defer {
            if haveTerminal { _ = tcsetattr(fd, TCSANOW, &saved) }
        }
        return readLine(out, message, fd: fd)
    }

    /// Everything on stdin (`--password-stdin`), with one trailing newline (LF or CRLF) removed.
    public static func readAll(fd: Int32 = 0) -> String {
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buf, buf.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: buf[0..<n])
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// strings.TrimSpace for the ASCII whitespace a typed line can carry.
    func trimmingWhitespace() -> String {
        // Scalars, not Characters: "\r\n" is one Character and would not match "\r" or "\n".
        let space: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n", "\u{0B}", "\u{0C}"]
        var s = Substring(self).unicodeScalars
        while let f = s.first, space.contains(f) { s.removeFirst() }
        while let l = s.last, space.contains(l) { s.removeLast() }
        return String(Substring(s))
    }
}
