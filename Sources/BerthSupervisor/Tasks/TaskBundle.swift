import BerthCore
import BerthLinux
import BerthOCI
import BerthSnapshots
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A task's OCI bundle: `<state>/shims/<namespace>/<id>/` with config.json, the mounted rootfs, the
/// shim's own files (address, exit/…) and `task.json`, which lets a restarted supervisor find the
/// runtime it used and whether it mounted the rootfs.
struct TaskBundle: Sendable {
    /// What the supervisor records about the task, for recovery after a restart.
    struct Record: Codable, Sendable {
        var namespace: String
        var id: String
        var runtime: String
        var runtimeRoot: String
        var rootfsMounted: Bool
    }

    let path: String

    init(stateRoot: String, key: TaskKey) {
        path = "\(stateRoot)/shims/\(key.namespace)/\(key.id)"
    }

    init(path: String) { self.path = path }

    var rootfs: String { path + "/rootfs" }
    var recordPath: String { path + "/task.json" }
    var exitPublishedMarker: String { path + "/exit-published" }

    /// Writes config.json with the root forced to the bundle's rootfs: the spec a client stored says
    /// what to run; where the rootfs lives is the supervisor's business.
    func prepare(spec: [UInt8], record: Record) throws {
        try FileIO.mkdirAll(rootfs, mode: 0o711)
        var decoded = try JSONCoding.decode(Spec.self, from: spec, source: "container \(record.id) spec")
        decoded.root = Root(path: "rootfs", readonly: decoded.root?.readonly)
        try FileIO.writeAtomically(path + "/config.json", try JSONCoding.encode(decoded), mode: 0o600)
        try save(record)
    }

    func save(_ record: Record) throws {
        try FileIO.writeAtomically(recordPath, try JSONEncoder().encode(record).map { $0 }, mode: 0o600)
    }

    func load() -> Record? {
        guard let bytes = try? FileIO.read(recordPath) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: Data(bytes))
    }

    func mountRootfs(_ mounts: [BerthSnapshots.Mount]) throws {
        try BerthSnapshots.Mount.mountAll(mounts, at: rootfs)
    }

    func unmountRootfs() throws {
        try BerthSnapshots.Mount.unmountAll(rootfs)
    }

    var exitPublished: Bool { FileIO.exists(exitPublishedMarker) }

    /// Creates the marker only inside an existing bundle: a deleted task's directory is never recreated.
    func markExitPublished() {
        let fd = open(exitPublishedMarker, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd >= 0 { close(fd) }
    }

    /// Removes the bundle once the rootfs is unmounted; refuses to recurse into a still-mounted rootfs.
    func remove() throws {
        if MountInfo.read().contains(where: { $0.mountPoint == rootfs }) {
            throw BerthError(.illegalState, "bundle \(path): rootfs is still mounted")
        }
        FileIO.removeAll(path)
    }
}
