import BerthCgroups
import BerthCore
import BerthLinux
import BerthOCI
import Glibc

/// The runc role as a library: one method per CLI verb, each synchronous and single-threaded.
public struct Runtime {
    public let options: RuntimeOptions
    public let log: RuntimeLog
    public let store: ContainerStore

    public init(options: RuntimeOptions, log: RuntimeLog) {
        self.options = options
        self.log = log
        self.store = ContainerStore(root: options.root)
    }

    func cgroupManager(for record: ContainerRecord) -> (any CgroupManager)? {
        guard !record.cgroupPaths.isEmpty else { return nil }
        return try? Cgroups.manager(restoring: record.cgroupPaths)
    }
}

/// What `create` and `run` share.
public struct CreateOptions: Sendable {
    public var bundle: String
    public var pidFile: String?
    public var consoleSocket: String?
    public var noPivot: Bool
    public var preserveFds: Int
    /// An already-connected console socket (the foreground `run` proxy); owned by the caller.
    var consoleConnection: Int32?
    public init(bundle: String, pidFile: String? = nil, consoleSocket: String? = nil, noPivot: Bool = false, preserveFds: Int = 0) {
        self.bundle = bundle
        self.pidFile = pidFile
        self.consoleSocket = consoleSocket
        self.noPivot = noPivot
        self.preserveFds = preserveFds
    }
}

enum Paths {
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return normalize(cwd + "/" + path)
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for p in path.split(separator: "/") {
            if p == "." { continue }
            if p == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(p)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// A user's name from /etc/passwd (read directly: NSS does not work in a static binary).
    static func userName(uid: uid_t) -> String {
        if let text = try? FileIO.readString("/etc/passwd") {
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                if fields.count > 2, UInt32(fields[2]) == uid { return String(fields[0]) }
            }
        }
        return String(uid)
    }
}

extension Runtime {
    /// Generated seccomp programs by profile (`SeccompProgramCache`). A dot directory in the state root:
    /// `list` only counts directories with a state.json.
    var seccompCacheDirectory: String { store.root + "/.seccomp" }
}
