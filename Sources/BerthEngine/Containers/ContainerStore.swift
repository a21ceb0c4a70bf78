import BerthCore
import BerthEngineAPI
import BerthLinux
import Synchronization

/// The engine's containers: in memory for lookups, each one written to its own directory on every
/// change (temp file + rename), so a berthd killed at any point restarts with a consistent record.
public final class ContainerStore: Sendable {
    public let root: String
    private let records = Mutex<[String: ContainerRecord]>([:])

    public init(root: String) throws {
        self.root = root
        try FileIO.mkdirAll(root, mode: 0o710)
    }

    public func directory(_ id: String) -> String { root + "/" + id }

    /// Reads every container directory; one that cannot be read is skipped with its error returned.
    public func load() -> [String] {
        var problems: [String] = []
        var loaded: [String: ContainerRecord] = [:]
        for id in FileIO.subdirectories(root) {
            let path = directory(id) + "/config.v2.json"
            do {
                let record = try EngineJSON.decode(ContainerRecord.self, from: try FileIO.read(path))
                loaded[record.id] = record
            } catch {
                problems.append("container \(id): \(error)")
            }
        }
        records.withLock { $0 = loaded }
        return problems
    }

    public func all() -> [ContainerRecord] {
        records.withLock { Array($0.values) }
    }

    public func get(id: String) -> ContainerRecord? {
        records.withLock { $0[id] }
    }

    /// dockerd's lookup: full id, then name (with or without the slash), then a unique id prefix.
    public func find(_ reference: String) throws -> ContainerRecord {
        let found: Result<ContainerRecord, BerthError> = records.withLock { all in
            if let hit = all[reference] { return .success(hit) }
            let name = reference.hasPrefix("/") ? String(reference.dropFirst()) : reference
            if let hit = all.values.first(where: { $0.name == name }) { return .success(hit) }
            if !reference.isEmpty, reference.allSatisfy(\.isHexDigit) {
                let matches = all.values.filter { $0.id.hasPrefix(reference) }
                if matches.count == 1 { return .success(matches[0]) }
                if matches.count > 1 {
                    return .failure(BerthError(.invalidArgument, "multiple IDs found with provided prefix: \(reference)"))
                }
            }
            return .failure(BerthError(.notFound, "No such container: \(reference)"))
        }
        return try found.get()
    }

    public func nameTaken(_ name: String) -> String? {
        records.withLock { all in all.values.first(where: { $0.name == name })?.id }
    }

    /// Adds a new record; fails with dockerd's conflict text when the name is taken meanwhile.
    public func insert(_ record: ContainerRecord) throws {
        try records.withLock { all in
            if let other = all.values.first(where: { $0.name == record.name }) {
                throw BerthError(.alreadyExists, "Conflict. The container name \"/\(record.name)\" is already in use by container \"\(other.id)\". You have to remove (or rename) that container to be able to reuse that name.")
            }
            all[record.id] = record
        }
        do {
            try persist(record)
        } catch {
            records.withLock { _ = $0.removeValue(forKey: record.id) }
            throw error
        }
    }

    /// Applies `change` to the current record and writes it; returns the new record.
    @discardableResult
    public func update(_ id: String, _ change: (inout ContainerRecord) throws -> Void) throws -> ContainerRecord {
        let updated: ContainerRecord = try records.withLock { all in
            guard var record = all[id] else { throw BerthError(.notFound, "No such container: \(id)") }
            try change(&record)
            all[id] = record
            return record
        }
        try persist(updated)
        return updated
    }

    public func remove(_ id: String) {
        records.withLock { _ = $0.removeValue(forKey: id) }
        FileIO.removeAll(directory(id))
    }

    func persist(_ record: ContainerRecord) throws {
        try FileIO.mkdirAll(directory(record.id), mode: 0o710)
        try FileIO.writeAtomically(directory(record.id) + "/config.v2.json", try EngineJSON.encode(record), mode: 0o600)
    }
}
