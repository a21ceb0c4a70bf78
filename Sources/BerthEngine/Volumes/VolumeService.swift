import BerthCore
import BerthEngineAPI
import BerthLinux
import BerthSnapshots
import Glibc
import Synchronization

/// Named and anonymous volumes of the `local` driver (dockerd's volume service + local driver): each a
/// directory `<root>/<name>/_data` with its record beside it in `volume.json`, written atomically, so a
/// killed berthd restarts with every volume. Volumes with a `type` option are mounted on `_data` at
/// their first use and unmounted when removed.
public final class VolumeService: Sendable {
    public let root: String
    let events: EngineEvents
    private let records = Mutex<[String: VolumeRecord]>([:])
    /// Volumes whose `type` mount is on `_data` now.
    private let mounted = Mutex<Set<String>>([])
    /// The containers (ids) referring to a volume: the container service answers from its records, so a
    /// volume is in use for as long as any container, running or not, names it.
    private let usersProvider = Mutex<(@Sendable (String) -> [String])?>(nil)

    public init(root: String, events: EngineEvents) throws {
        self.root = root
        self.events = events
        try FileIO.mkdirAll(root, mode: 0o701)
    }

    public func setUsers(_ provider: @escaping @Sendable (String) -> [String]) {
        usersProvider.withLock { $0 = provider }
    }

    func users(_ name: String) -> [String] {
        usersProvider.withLock { $0 }?(name) ?? []
    }

    func directory(_ name: String) -> String { root + "/" + name }
    public func mountpoint(_ name: String) -> String { directory(name) + "/_data" }

    /// Reads every volume directory; one that cannot be read is skipped with its error returned. A
    /// `type` mount still on `_data` from before a restart is remembered as mounted.
    public func load() -> [String] {
        var problems: [String] = []
        var loaded: [String: VolumeRecord] = [:]
        for name in FileIO.subdirectories(root) {
            let path = directory(name) + "/volume.json"
            guard FileIO.exists(path) else { continue }
            do {
                loaded[name] = try EngineJSON.decode(VolumeRecord.self, from: try FileIO.read(path))
            } catch {
                problems.append("volume \(name): \(error)")
            }
        }
        let mountPoints = Set(MountInfo.read().map(\.mountPoint))
        records.withLock { $0 = loaded }
        mounted.withLock { set in
            set = Set(loaded.keys.filter { mountPoints.contains(mountpoint($0)) })
        }
        return problems
    }

    public func all() -> [VolumeRecord] {
        records.withLock { Array($0.values) }.sorted { $0.name < $1.name }
    }

    /// `GET /volumes/{name}`.
    public func inspect(_ name: String) throws -> VolumeRecord {
        guard let record = records.withLock({ $0[name] }) else {
            throw BerthError(.notFound, "get \(name): no such volume")
        }
        return record
    }

    /// `POST /volumes/create`: an existing name is answered unchanged; a nil or empty name gets a
    /// random 64-hex one. Returns whether the volume is new.
    @discardableResult
    public func create(name requested: String?, driver requestedDriver: String = "", options: [String: String]? = nil,
                       labels: [String: String]? = nil) throws -> (volume: VolumeRecord, created: Bool) {
        let name = requested.flatMap { $0.isEmpty ? nil : $0 } ?? Self.randomName()
        let driver = requestedDriver.isEmpty ? "local" : requestedDriver
        if let existing = records.withLock({ $0[name] }) {
            guard existing.driver == driver else {
                throw BerthError(.alreadyExists, "create \(name): volume name must be unique")
            }
            return (existing, false)
        }
        guard driver == "local" else {
            throw BerthError(.notFound, "create \(name): error looking up volume plugin \(driver): plugin \"\(driver)\" not found")
        }
        guard Self.isValidName(name) else {
            throw BerthError(.invalidArgument, "create \(name): \"\(name)\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")
        }
        do {
            _ = try LocalVolumeOptions.parse(options ?? [:])
        } catch let error as BerthError {
            throw BerthError(error.code, "create \(name): \(error.message)")
        }
        let record = VolumeRecord(name: name, mountpoint: mountpoint(name), createdAt: Self.createdAt(),
                                  labels: labels, options: options)
        // Held across the directory and the file: two creates of one name make one volume.
        let outcome: (VolumeRecord, Bool) = try records.withLock { all in
            if let existing = all[name] { return (existing, false) }
            do {
                try FileIO.mkdirAll(directory(name), mode: 0o701)
                try FileIO.mkdirAll(record.mountpoint, mode: 0o755)
                try FileIO.writeAtomically(directory(name) + "/volume.json", try EngineJSON.encode(record), mode: 0o600)
            } catch {
                FileIO.removeAll(directory(name))
                throw BerthError(.system, "create \(name): \(error)")
            }
            all[name] = record
            return (record, true)
        }
        if outcome.1 {
            events.publish(type: "volume", action: "create", id: name, attributes: ["driver": driver])
        }
        return outcome
    }

    /// `DELETE /volumes/{name}`: refused while a container refers to the volume; `force` only makes a
    /// missing volume fine.
    public func remove(_ name: String, force: Bool = false) throws {
        guard records.withLock({ $0[name] }) != nil else {
            if force { return }
            throw BerthError(.notFound, "get \(name): no such volume")
        }
        let refs = users(name)
        if !refs.isEmpty {
            throw BerthError(.alreadyExists, "remove \(name): volume is in use - [\(refs.joined(separator: ", "))]")
        }
        try unmount(name)
        let removed = records.withLock { $0.removeValue(forKey: name) != nil }
        guard removed else { return }
        // The record goes first: a crash halfway leaves a directory without volume.json, which load skips.
        unlink(directory(name) + "/volume.json")
        FileIO.removeAll(directory(name))
        events.publish(type: "volume", action: "destroy", id: name, attributes: ["driver": "local"])
    }

    /// `POST /volumes/prune`: unused volumes matching the filters; anonymous ones only unless `all=true`
    /// (API 1.42 and later). Returns the names removed and the bytes they held.
    public func prune(filters: [String: [String]]) throws -> (deleted: [String], reclaimed: Int64) {
        var filters = filters
        let all = try VolumeFilter.bool(filters.removeValue(forKey: "all"), name: "all") ?? false
        let filter = try VolumeFilter(filters, allowed: ["label", "label!"])
        var deleted: [String] = []
        var reclaimed: Int64 = 0
        for record in self.all() where (all || record.isAnonymous) && filter.matches(record, inUse: false) {
            guard users(record.name).isEmpty else { continue }
            let size = mountedTypeless(record) ? ((try? DiskUsage.measure(record.mountpoint).size) ?? 0) : 0
            do {
                try remove(record.name)
                deleted.append(record.name)
                reclaimed += size
            } catch {
                continue
            }
        }
        events.publish(type: "volume", action: "prune", id: "", attributes: ["reclaimed": String(reclaimed)])
        return (deleted, reclaimed)
    }

    /// `GET /volumes` with `name`, `label`, `dangling` and `driver` filters.
    public func list(filters: [String: [String]]) throws -> [VolumeRecord] {
        let filter = try VolumeFilter(filters, allowed: ["name", "label", "label!", "dangling", "driver"])
        return all().filter { filter.matches($0, inUse: !users($0.name).isEmpty) }
    }

    /// `GET /system/df`: each volume's bytes on disk and how many containers refer to it.
    public func usage() -> [(volume: VolumeRecord, size: Int64, refCount: Int)] {
        all().map { record in
            let size = (try? DiskUsage.measure(record.mountpoint).size) ?? -1
            return (record, size, users(record.name).count)
        }
    }

    /// Whether the volume's data is a plain directory (a mounted device's bytes are not reclaimed by removal).
    func mountedTypeless(_ record: VolumeRecord) -> Bool { record.options?["type"] == nil }

    /// The host directory a container binds for the volume: mounts a `type` volume first.
    public func prepareForUse(_ name: String) throws -> String {
        let record = try inspect(name)
        guard let options = try LocalVolumeOptions.parse(record.options ?? [:]) else { return record.mountpoint }
        try mounted.withLock { set in
            guard !set.contains(name) else { return }
            try FileIO.mkdirAll(record.mountpoint, mode: 0o755)
            try options.mount(on: record.mountpoint)
            set.insert(name)
        }
        return record.mountpoint
    }

    /// Unmounts a `type` volume once no container refers to it any more (the next use mounts it again).
    public func releaseIfUnused(_ name: String) {
        guard users(name).isEmpty else { return }
        try? unmount(name)
    }

    /// Unmounts a `type` volume's mount from `_data` (detached, so a lingering user does not block removal).
    func unmount(_ name: String) throws {
        try mounted.withLock { set in
            guard set.contains(name) else { return }
            if umount2(mountpoint(name), Int32(MNT_DETACH)) != 0 && errno != EINVAL && errno != ENOENT {
                throw BerthError(.system, "remove \(name): unmount \(mountpoint(name)): \(String(cString: strerror(errno)))")
            }
            set.remove(name)
        }
    }

    /// Copies what the image has at a mount's destination into an empty volume (dockerd's
    /// copyExistingContents): owners, modes, symlinks, hardlinks and extended attributes kept. The
    /// source is resolved inside the container's root so an image symlink cannot point it at the host.
    public func copyUp(_ name: String, rootfs: String, destination: String) throws {
        let target = try prepareForUse(name)
        let source = try SecureJoin.resolve(root: rootfs, destination)
        guard FileIO.isDirectory(source), (try? FileIO.list(target))?.isEmpty == true else { return }
        var copier = TreeCopier()
        do {
            try copier.copyContents(of: source, into: target)
        } catch {
            throw BerthError(.system, "copy image content at \(destination) into volume \(name): \(error)")
        }
    }

    /// dockerd's regex for local volume names: `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`.
    static func isValidName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard scalars.count >= 2 else { return false }
        func alnum(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) }
        return alnum(scalars[0]) && scalars.dropFirst().allSatisfy { alnum($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }

    static func randomName() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// dockerd's time.RFC3339 (no fraction).
    static func createdAt() -> String {
        let nano = Timestamp.rfc3339Nano(Timestamp.now())
        guard let dot = nano.firstIndex(of: "."), let zone = nano[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) else {
            return nano
        }
        return String(nano[..<dot]) + String(nano[zone...])
    }
}
