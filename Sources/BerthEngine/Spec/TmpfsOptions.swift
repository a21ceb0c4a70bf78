import BerthCore

/// `HostConfig.Tmpfs` option handling: dockerd's defaults (`noexec,nosuid,nodev,rprivate`) merged with
/// the user's options by moby/sys/mount's MergeTmpfsOptions (a later option wins over an earlier one
/// of the same kind), with its error text.
public enum TmpfsOptions {
    public static let defaults = ["noexec", "nosuid", "nodev", "rprivate"]

    /// Flag options and the kind they belong to: `ro`/`rw` are one kind, so are `exec`/`noexec`, and all
    /// propagation modes are one kind.
    static let flagKinds: [String: String] = [
        "ro": "rdonly", "rw": "rdonly", "suid": "nosuid", "nosuid": "nosuid", "dev": "nodev", "nodev": "nodev",
        "exec": "noexec", "noexec": "noexec", "sync": "sync", "async": "sync", "dirsync": "dirsync",
        "remount": "remount", "mand": "mand", "nomand": "mand", "atime": "noatime", "noatime": "noatime",
        "diratime": "nodiratime", "nodiratime": "nodiratime", "bind": "bind", "rbind": "rbind",
        "unbindable": "propagation", "runbindable": "propagation", "private": "propagation",
        "rprivate": "propagation", "shared": "propagation", "rshared": "propagation", "slave": "propagation",
        "rslave": "propagation", "relatime": "relatime", "norelatime": "relatime", "strictatime": "strictatime",
        "nostrictatime": "strictatime",
    ]
    static let dataKeys: Set<String> = ["size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol"]

    /// The mount options for a tmpfs at `destination` with `data` ("size=64m,mode=1777").
    public static func options(data: String) throws -> [String] {
        var options = defaults
        if !data.isEmpty { options += data.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return try merge(options)
    }

    /// MergeTmpfsOptions: walks from the end so the last option of each kind (or data key) wins, keeping order.
    public static func merge(_ options: [String]) throws -> [String] {
        var seenFlags = Set<String>()
        var seenData = Set<String>()
        var merged: [String] = []
        for option in options.reversed() {
            if option == "defaults" { continue }
            if let kind = flagKinds[option] {
                if seenFlags.insert(kind).inserted { merged.insert(option, at: 0) }
                continue
            }
            guard let eq = option.firstIndex(of: "="), dataKeys.contains(String(option[..<eq])) else {
                throw BerthError(.invalidArgument, "invalid tmpfs option \(goQuoted(option))")
            }
            if seenData.insert(String(option[..<eq])).inserted { merged.insert(option, at: 0) }
        }
        return merged
    }

    /// moby prints the split option as a Go []string: `["size"]` or `["foo" "bar"]`.
    static func goQuoted(_ option: String) -> String {
        let parts: [String]
        if let eq = option.firstIndex(of: "=") {
            parts = [String(option[..<eq]), String(option[option.index(after: eq)...])]
        } else {
            parts = [option]
        }
        return "[" + parts.map { "\"\($0)\"" }.joined(separator: " ") + "]"
    }
}
