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
    /// Whether the init's exit went out: both the event stream and recovery may report it, and the
    /// on-disk marker carries the answer across supervisor restarts.
    private let exitPublished: Mutex<Bool>

    init(key: TaskKey, bundle: TaskBundle, client: ShimClient, record: TaskBundle.Record, pid: Int32) {
        self.pid = pid
        exitPublished = Mutex(bundle.exitPublished)
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
    /// The marker goes first: a client that sees the event may delete the task (and its bundle) at
    /// once, and nothing may write into the bundle after that.
    func publishExitOnce(_ publish: () -> Void) {
        exitPublished.withLock { published in
            guard !published else { return }
            published = true
            bundle.markExitPublished()
            publish()
        }
    }
}
