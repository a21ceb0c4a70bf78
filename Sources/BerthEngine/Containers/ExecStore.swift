import BerthEngineAPI
import Synchronization

/// One `docker exec` instance: its config, its stdio while it runs and its exit once known.
public struct ExecRecord: Sendable {
    public var id: String
    public var containerID: String
    public var config: ExecConfig
    public var running = false
    public var exitCode: Int?
    public var pid = 0
    public var io: ProcessIO?
    public var started = false
}

/// Execs by id, in memory (dockerd forgets them across restarts too).
final class ExecStore: Sendable {
    private let records = Mutex<[String: ExecRecord]>([:])

    func insert(_ record: ExecRecord) { records.withLock { $0[record.id] = record } }
    func get(_ id: String) -> ExecRecord? { records.withLock { $0[id] } }

    @discardableResult
    func update(_ id: String, _ change: (inout ExecRecord) -> Void) -> ExecRecord? {
        records.withLock { all in
            guard var record = all[id] else { return nil }
            change(&record)
            all[id] = record
            return record
        }
    }

    func remove(_ id: String) { records.withLock { _ = $0.removeValue(forKey: id) } }

    func ids(container: String) -> [String] {
        records.withLock { $0.values.filter { $0.containerID == container }.map(\.id).sorted() }
    }

    func removeAll(container: String) {
        records.withLock { all in all = all.filter { $0.value.containerID != container } }
    }
}
