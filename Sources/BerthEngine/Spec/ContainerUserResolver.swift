import BerthCore
import BerthLinux
import BerthOCI

/// Resolves `Config.User` against the container's own /etc/passwd and /etc/group, like dockerd's
/// getUser over runc's libcontainer/user (GetExecUser, GetAdditionalGroups), with their error texts.
/// Both files are opened through `SecureJoin`, so a rootfs whose /etc/passwd is a symlink to
/// /etc/shadow or ../../host-file reads the file inside the rootfs (or nothing), never the host's.
public struct ContainerUserResolver: Sendable {
    public struct PasswdEntry: Sendable, Equatable {
        public var name: String
        public var uid: Int
        public var gid: Int
        public var home: String
    }

    public struct GroupEntry: Sendable, Equatable {
        public var name: String
        public var gid: Int
        public var members: [String]
    }

    /// nil when the file does not exist in the rootfs (numeric users still resolve then).
    public var passwd: [PasswdEntry]?
    public var groups: [GroupEntry]?

    static let maxID = 2_147_483_647

    public init(passwd: [PasswdEntry]?, groups: [GroupEntry]?) {
        self.passwd = passwd
        self.groups = groups
    }

    /// Reads /etc/passwd and /etc/group inside `rootfs`.
    public init(rootfs: String) throws {
        passwd = try Self.readConfined(rootfs: rootfs, path: "/etc/passwd").map(Self.parsePasswd)
        groups = try Self.readConfined(rootfs: rootfs, path: "/etc/group").map(Self.parseGroup)
    }

    /// The process user: uid, gid and the additional gids dockerd sets (the primary gid first, then
    /// the user's supplementary groups, then `--group-add`).
    public func resolve(_ spec: String, groupAdd: [String] = []) throws -> User {
        let (uid, gid, supplementary) = try execUser(spec)
        var user = User(uid: UInt32(uid), gid: UInt32(gid))
        var additional = [UInt32(gid)] + supplementary.map(UInt32.init)
        if !groupAdd.isEmpty { additional += try additionalGroups(groupAdd).map(UInt32.init) }
        user.additionalGids = additional
        return user
    }

    /// runc's GetExecUser with defaults uid 0, gid 0.
    func execUser(_ spec: String) throws -> (uid: Int, gid: Int, supplementary: [Int]) {
        let userArg: String
        let groupArg: String
        if let colon = spec.firstIndex(of: ":") {
            userArg = String(spec[..<colon])
            let rest = spec[spec.index(after: colon)...]
            groupArg = String(rest.prefix(while: { $0 != ":" }))
        } else {
            userArg = spec
            groupArg = ""
        }
        let numericUID = Int(userArg)
        let numericGID = Int(groupArg)
        var uid = 0, gid = 0
        var supplementary: [Int] = []

        let matches = (passwd ?? []).filter { entry in
            if userArg.isEmpty { return entry.uid == uid }
            if let numericUID { return entry.uid == numericUID }
            return entry.name == userArg
        }
        var matchedName = ""
        if let first = matches.first {
            matchedName = first.name
            uid = first.uid
            gid = first.gid
        } else if !userArg.isEmpty {
            guard let numericUID else {
                throw BerthError(.invalidArgument, "unable to find user \(userArg): no matching entries in passwd file")
            }
            guard (0...Self.maxID).contains(numericUID) else {
                throw BerthError(.invalidArgument, "uids and gids must be in range 0-\(Self.maxID)")
            }
            uid = numericUID
        }

        if !groupArg.isEmpty || !matchedName.isEmpty {
            let found = (groups ?? []).filter { group in
                if groupArg.isEmpty { return group.members.contains(matchedName) }
                if let numericGID { return group.gid == numericGID }
                return group.name == groupArg
            }
            if !groupArg.isEmpty {
                if let first = found.first {
                    gid = first.gid
                } else {
                    guard let numericGID else {
                        throw BerthError(.invalidArgument, "unable to find group \(groupArg): no matching entries in group file")
                    }
                    guard (0...Self.maxID).contains(numericGID) else {
                        throw BerthError(.invalidArgument, "uids and gids must be in range 0-\(Self.maxID)")
                    }
                    gid = numericGID
                }
            } else {
                // Supplementary groups only come with the implicit (user-only) form.
                supplementary = found.map(\.gid)
            }
        }
        return (uid, gid, supplementary)
    }

    /// runc's GetAdditionalGroups: names or gids; a name must exist, a number need not. Order kept.
    func additionalGroups(_ wanted: [String]) throws -> [Int] {
        var gids: [Int] = []
        for name in wanted {
            if let group = (groups ?? []).first(where: { $0.name == name || String($0.gid) == name }) {
                if !gids.contains(group.gid) { gids.append(group.gid) }
                continue
            }
            guard let gid = Int(name) else { throw BerthError(.invalidArgument, "Unable to find group \(name)") }
            guard (0...Self.maxID).contains(gid) else {
                throw BerthError(.invalidArgument, "uids and gids must be in range 0-\(Self.maxID)")
            }
            if !gids.contains(gid) { gids.append(gid) }
        }
        return gids
    }

    /// The file's content, resolved inside `rootfs`; nil when it does not exist there.
    static func readConfined(rootfs: String, path: String) throws -> String? {
        let resolved = try SecureJoin.resolve(root: rootfs, path)
        guard FileIO.exists(resolved), !FileIO.isDirectory(resolved) else { return nil }
        return try FileIO.readString(resolved)
    }

    /// name:password:uid:gid:gecos:home:shell; malformed lines are skipped like runc does.
    public static func parsePasswd(_ text: String) -> [PasswdEntry] {
        text.split(separator: "\n").compactMap { raw in
            let line = raw.trimming(characters: " \t\r")
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let f = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4, let uid = Int(f[2]), let gid = Int(f[3]) else { return nil }
            return PasswdEntry(name: f[0], uid: uid, gid: gid, home: f.count > 5 ? f[5] : "")
        }
    }

    /// name:password:gid:member,member
    public static func parseGroup(_ text: String) -> [GroupEntry] {
        text.split(separator: "\n").compactMap { raw in
            let line = raw.trimming(characters: " \t\r")
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let f = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3, let gid = Int(f[2]) else { return nil }
            let members = f.count > 3 ? f[3].split(separator: ",").map(String.init) : []
            return GroupEntry(name: f[0], gid: gid, members: members)
        }
    }
}

extension StringProtocol {
    /// Trims the given characters from both ends (FoundationEssentials has no CharacterSet trimming).
    func trimming(characters set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
