import CBerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// The local terminal for `-it`: raw mode while attached (restored by `restore()`, which callers put in
/// a `defer` so errors restore it too) and the window size for resize requests.
public final class TerminalState {
    private var saved: [UInt8]
    private var active = false
    let fd: Int32

    public init(fd: Int32 = 0) {
        self.fd = fd
        saved = [UInt8](repeating: 0, count: berth_termios_size())
    }

    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    public func makeRaw() {
        guard isatty(fd) == 1, !active else { return }
        active = saved.withUnsafeMutableBytes { berth_make_raw(fd, $0.baseAddress, $0.count) } == 0
    }

    public func restore() {
        guard active else { return }
        _ = saved.withUnsafeBytes { berth_restore_termios(fd, $0.baseAddress, $0.count) }
        active = false
    }

    /// The column count of the terminal on `fd`, nil when it is not one.
    public static func width(fd: Int32) -> Int? {
        var rows: UInt16 = 0
        var cols: UInt16 = 0
        guard isatty(fd) == 1, berth_get_winsize(fd, &rows, &cols) == 0, cols > 0 else { return nil }
        return Int(cols)
    }

    /// (height, width) of the terminal on stdout (stdin as a fallback); nil when neither is a tty.
    public static func size() -> (height: Int, width: Int)? {
        var rows: UInt16 = 0
        var cols: UInt16 = 0
        for fd: Int32 in [1, 0] where isatty(fd) == 1 && berth_get_winsize(fd, &rows, &cols) == 0 {
            return (Int(rows), Int(cols))
        }
        return nil
    }
}
