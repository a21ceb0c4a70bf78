import BerthShimAPI
import Synchronization

/// The supervisor's view of one task: its bundle and a client for its shim. When the shim is found
/// dead, `deadExit` holds the exit its cleanup recorded and no further shim calls are made.
final class TaskHandle: Sendable {
    let key: TaskKey
    let bundle: TaskBundle
    let client: ShimClient
    let record: TaskBundle.Record
    /// The init's host pid.
    let pid: Int32
    private let deadExit = Mutex<ExitResponse?>(nil)
    /// Serialises publishing the init's exit, which both the event stream and recovery may report.
    private let exitLock = Mutex<Void>(())

    init(key: TaskKey, bundle: TaskBundle, client: ShimClient, record: TaskBundle.Record, pid: Int32) {
        self.pid = pid
        self.key = key
        self.bundle = bundle
        self.client = client
        self.record = record
    }

    var dead: ExitResponse? { deadExit.withLock { $0 } }

    func markDead(_ exit: ExitResponse) {
        deadExit.withLock { $0 = $0 ?? exit }
    }

    /// Runs `publish` once per task lifetime, across supervisor restarts (the marker is on disk).
    func publishExitOnce(_ publish: () -> Void) {
        exitLock.withLock { _ in
            guard !bundle.exitPublished else { return }
            publish()
            bundle.markExitPublished()
        }
    }
}
