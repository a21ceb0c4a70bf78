import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

/// The state root: one directory per container holding state.json and, until `start`, exec.fifo.
/// Every operation on an id holds an exclusive flock on its directory, so concurrent calls serialize.
public struct ContainerStore: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    public func directory(_ id: String) -> String { root + "/" + id }
    public func fifoPath(_ id: String) -> String { directory(id) + "/exec.fifo" }
    func statePath(_ id: String) -> String { directory(id) + "/state.json" }

    /// Claims a new id: mkdir is the atomic "does it exist" test.
    public func claim(_ id: String) throws -> ContainerLock {
        try ContainerID.validate(id)
        try FileIO.mkdirAll(root, mode: 0o711)
        guard mkdir(directory(id), 0o711) == 0 else {
            if errno == EEXIST { throw BerthError(.alreadyExists, "container with id exists: \(id)") }
            throw BerthError.sys("mkdir \(directory(id))")
        }
        return try ContainerLock(directory: directory(id))
    }

    public func lock(_ id: String) throws -> ContainerLock {
        try ContainerID.validate(id)
        guard FileIO.isDirectory(directory(id)) else {
            throw BerthError(.notFound, "container does not exist: \(id)")
        }
        let lock = try ContainerLock(directory: directory(id))
        // Deleted while we waited for the lock.
        guard FileIO.exists(statePath(id)) || FileIO.exists(fifoPath(id)) else {
            throw BerthError(.notFound, "container does not exist: \(id)")
        }
        return lock
    }

    public func load(_ id: String) throws -> ContainerRecord {
        let bytes: [UInt8]
        do { bytes = try FileIO.read(statePath(id)) } catch {
            throw BerthError(.notFound, "container does not exist: \(id)")
        }
        return try ContainerRecord(json: try JSONValue.parse(bytes), source: statePath(id))
    }

    func configPath(_ id: String) -> String { directory(id) + "/config.json" }

    /// The container's full config, as it was at create (plus later updates).
    public func loadConfig(_ id: String) throws -> Spec {
        try JSONCoding.decode(Spec.self, from: try FileIO.read(configPath(id)), source: configPath(id))
    }

    public func saveConfig(_ spec: Spec, id: String) throws {
        try saveConfig(bytes: try JSONCoding.encode(spec), id: id)
    }

    public func saveConfig(bytes: [UInt8], id: String) throws {
        try FileIO.writeAtomically(configPath(id), bytes, mode: 0o600, durable: false)
    }

    public func save(_ record: ContainerRecord) throws {
        // Runtime state is volatile (it lives in /run, like runc's): atomic, but not fsynced.
        try FileIO.writeAtomically(statePath(record.id), try JSONCoding.encode(record), mode: 0o600, durable: false)
    }

    public func remove(_ id: String) {
        FileIO.removeAll(directory(id))
    }

    public func ids() -> [String] {
        ((try? FileIO.list(root)) ?? []).filter { FileIO.exists(statePath($0)) }.sorted()
    }

    public func status(of record: ContainerRecord) -> ContainerStatus {
        guard ProcStat.isRunning(pid: record.initPid, startTime: record.initStartTime) else { return .stopped }
        if FileIO.exists(fifoPath(record.id)) { return .created }
        if record.paused == true { return .paused }
        return .running
    }

    /// The owner is derived when shown (from the state directory's uid, as runc does), keeping the
    /// passwd read off the create path.
    func owner(of id: String) -> String {
        var st = stat()
        guard stat(directory(id), &st) == 0 else { return "" }
        return Paths.userName(uid: st.st_uid)
    }

    public func publicState(_ record: ContainerRecord) -> State {
        let status = status(of: record)
        return State(id: record.id, status: status.rawValue, pid: status == .stopped ? 0 : record.initPid,
                     bundle: record.bundle, rootfs: record.rootfs, created: record.created, owner: owner(of: record.id),
                     annotations: record.annotations)
    }
}

/// An exclusive lock on a container directory (a POSIX record lock on `<dir>/lock`), released on
/// deinit. Record locks are per process, so the forked init does not inherit it.
public final class ContainerLock {
    let fd: Int32

    init(directory: String) throws {
        fd = berth_lock_file(directory + "/lock")
        guard fd >= 0 else { throw BerthError.sys("lock \(directory)") }
    }

    deinit { close(fd) }
}
