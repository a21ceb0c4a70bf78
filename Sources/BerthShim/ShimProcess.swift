import BerthCore
import BerthShimAPI

/// The init or one exec process of the task, as the shim tracks it.
final class ShimProcess {
    /// nil for the init.
    let execID: String?
    var pid: Int32 = 0
    var status: ProcessStatus = .created
    var exit: ExitRecord?
    let io: ProcessIO
    /// The exec's OCI Process JSON, kept until it is started.
    var spec: String?
    /// Parked `wait` calls, answered when the process exits.
    var waiters: [(ExitResponse) -> Void] = []

    init(execID: String?, io: ProcessIO) {
        self.execID = execID
        self.io = io
    }

    var label: String { execID.map { "exec \($0)" } ?? "init" }

    var exitResponse: ExitResponse {
        ExitResponse(pid: pid, exitStatus: exit?.status ?? 0, exitedAt: exit?.exitedAt)
    }
}
