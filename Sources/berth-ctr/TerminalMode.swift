import CBerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// Puts the operator's terminal in raw mode for a tty task and restores it afterwards.
final class TerminalMode {
    private var saved: [UInt8]
    private var active = false

    init() { saved = [UInt8](repeating: 0, count: berth_termios_size()) }

    func enterRaw() {
        guard isatty(0) == 1 else { return }
        active = saved.withUnsafeMutableBytes { berth_make_raw(0, $0.baseAddress, $0.count) } == 0
    }

    func restore() {
        guard active else { return }
        _ = saved.withUnsafeBytes { berth_restore_termios(0, $0.baseAddress, $0.count) }
        active = false
    }

    static func size() -> (width: UInt32, height: UInt32)? {
        var rows: UInt16 = 0
        var cols: UInt16 = 0
        guard isatty(1) == 1, berth_get_winsize(1, &rows, &cols) == 0 else { return nil }
        return (UInt32(cols), UInt32(rows))
    }
}
