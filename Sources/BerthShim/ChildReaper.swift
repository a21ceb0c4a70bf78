import CBerthLinux
import Glibc

/// Collects every child exit. As a subreaper the shim inherits the container's init and exec
/// processes once the runtime that made them exits; the runtime itself is a child too. All exits go
/// through here, so one waiting for the runtime never swallows an init's exit, and exits that arrive
/// before their pid is known (a fast exec) are kept rather than lost.
final class ChildReaper {
    /// (pid, raw wait status) in reaping order, not yet handed to the task service.
    private(set) var pending: [(pid: Int32, status: Int32)] = []

    /// Reaps whatever has exited, without blocking.
    func reapAvailable() {
        while true {
            var status: Int32 = 0
            let pid = berth_wait_status(-1, WNOHANG, &status)
            if pid <= 0 { return }
            pending.append((pid, status))
        }
    }

    /// Blocks until `pid` exits and returns its raw status; other children reaped meanwhile are kept.
    func waitFor(_ pid: Int32) -> Int32 {
        if let i = pending.firstIndex(where: { $0.pid == pid }) {
            return pending.remove(at: i).status
        }
        while true {
            var status: Int32 = 0
            let reaped = berth_wait_status(-1, 0, &status)
            if reaped < 0 {
                // ECHILD: it was reaped elsewhere or never was ours; report a generic failure.
                return 255 << 8
            }
            if reaped == pid { return status }
            pending.append((reaped, status))
        }
    }

    /// Hands over the collected exits.
    func takePending() -> [(pid: Int32, status: Int32)] {
        let out = pending
        pending = []
        return out
    }
}
