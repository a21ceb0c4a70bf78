import BerthCore
import BerthLinux
import Glibc

/// An exit as the shim records it on disk (`bundle/exit/init`, `bundle/exit/<execID>`; "init" is
/// reserved as an exec id), before anyone
/// is told: a supervisor that reconnects, or `berth-shim delete` after the shim died, reads it here.
public struct ExitRecord: Codable, Sendable, Equatable {
    public var pid: Int32
    public var status: UInt32
    public var exitedAt: String

    public init(pid: Int32, status: UInt32, exitedAt: String) {
        self.pid = pid
        self.status = status
        self.exitedAt = exitedAt
    }

    public static func path(bundle: String, execID: String?) -> String {
        bundle + "/exit/" + ((execID?.isEmpty ?? true) ? "init" : (execID ?? ""))
    }

    /// tmp + fsync + rename, then fsync of the directory so the rename itself is durable.
    public func write(bundle: String, execID: String?) throws {
        let dir = bundle + "/exit"
        try FileIO.mkdirAll(dir, mode: 0o711)
        var json = JSONObjectWriter()
        json.field("pid", pid)
        json.field("status", status)
        json.field("exitedAt", exitedAt)
        try FileIO.writeAtomically(ExitRecord.path(bundle: bundle, execID: execID), json.finish(), mode: 0o644, durable: true)
        let dirFD = berthOpen(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    public static func read(bundle: String, execID: String?) -> ExitRecord? {
        guard let bytes = try? FileIO.read(path(bundle: bundle, execID: execID)), let doc = try? JSONValue.parse(bytes),
              let pid = doc["pid"]?.int64.flatMap({ Int32(exactly: $0) }),
              let status = doc["status"]?.int64.flatMap({ UInt32(exactly: $0) }),
              let exitedAt = doc["exitedAt"]?.string else { return nil }
        return ExitRecord(pid: pid, status: status, exitedAt: exitedAt)
    }
}
