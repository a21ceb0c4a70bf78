import Foundation
import Glibc

/// Liveness that tells a zombie from a running process (kill(pid, 0) succeeds for both).
enum ProcessProbe {
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterComm = stat.split(separator: ")").last else { return false }
        let state = afterComm.split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// Polls `condition` for up to `timeout` seconds.
    static func eventually(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
