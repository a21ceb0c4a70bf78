import BerthCore

/// A parsed OCI mount `options` list: mount(2) flags, propagation, recursive attributes for
/// mount_setattr(2), runtime extensions, and whatever remains as filesystem data.
public struct MountOptions: Sendable, Equatable {
    public var flags: UInt = 0
    public var clearedFlags: UInt = 0
    public var propagation: [UInt] = []
    public var recursiveSet: UInt64 = 0
    public var recursiveClear: UInt64 = 0
    public var tmpcopyup = false
    public var idmap = false
    public var recursiveIdmap = false
    public var data: [String] = []

    public var isBind: Bool { flags & MountFlag.bind != 0 }
    public var dataString: String { data.joined(separator: ",") }

    static let setting: [String: UInt] = [
        "bind": MountFlag.bind, "rbind": MountFlag.bind | MountFlag.rec, "dirsync": MountFlag.dirsync,
        "iversion": MountFlag.iversion, "lazytime": MountFlag.lazytime, "mand": MountFlag.mandlock,
        "noatime": MountFlag.noatime, "nodev": MountFlag.nodev, "nodiratime": MountFlag.nodiratime,
        "noexec": MountFlag.noexec, "nosuid": MountFlag.nosuid, "nosymfollow": MountFlag.nosymfollow,
        "relatime": MountFlag.relatime, "remount": MountFlag.remount, "ro": MountFlag.rdonly,
        "silent": MountFlag.silent, "strictatime": MountFlag.strictatime, "sync": MountFlag.synchronous,
    ]
    static let clearing: [String: UInt] = [
        "async": MountFlag.synchronous, "atime": MountFlag.noatime, "dev": MountFlag.nodev,
        "diratime": MountFlag.nodiratime, "exec": MountFlag.noexec, "noiversion": MountFlag.iversion,
        "nolazytime": MountFlag.lazytime, "nomand": MountFlag.mandlock, "norelatime": MountFlag.relatime,
        "nostrictatime": MountFlag.strictatime, "rw": MountFlag.rdonly, "suid": MountFlag.nosuid,
        "symfollow": MountFlag.nosymfollow, "loud": MountFlag.silent, "defaults": 0,
    ]
    static let propagationFlags: [String: UInt] = [
        "private": MountFlag.private, "rprivate": MountFlag.private | MountFlag.rec,
        "shared": MountFlag.shared, "rshared": MountFlag.shared | MountFlag.rec,
        "slave": MountFlag.slave, "rslave": MountFlag.slave | MountFlag.rec,
        "unbindable": MountFlag.unbindable, "runbindable": MountFlag.unbindable | MountFlag.rec,
    ]
    /// (set, clear) for mount_setattr(AT_RECURSIVE).
    static let recursive: [String: (UInt64, UInt64)] = [
        "rro": (MountAttr.rdonly, 0), "rrw": (0, MountAttr.rdonly),
        "rnosuid": (MountAttr.nosuid, 0), "rsuid": (0, MountAttr.nosuid),
        "rnodev": (MountAttr.nodev, 0), "rdev": (0, MountAttr.nodev),
        "rnoexec": (MountAttr.noexec, 0), "rexec": (0, MountAttr.noexec),
        "rnodiratime": (MountAttr.nodiratime, 0), "rdiratime": (0, MountAttr.nodiratime),
        "rrelatime": (MountAttr.relatime, MountAttr.atimeMask), "rnorelatime": (0, MountAttr.atimeMask),
        "rnoatime": (MountAttr.noatime, MountAttr.atimeMask), "ratime": (0, MountAttr.atimeMask),
        "rstrictatime": (MountAttr.strictatime, MountAttr.atimeMask), "rnostrictatime": (0, MountAttr.atimeMask),
        "rnosymfollow": (MountAttr.nosymfollow, 0), "rsymfollow": (0, MountAttr.nosymfollow),
    ]

    /// Every option name the runtime understands as other than filesystem data (for `features`).
    public static var knownOptions: [String] {
        (Array(setting.keys) + Array(clearing.keys) + Array(propagationFlags.keys) + Array(recursive.keys)
            + ["tmpcopyup", "idmap", "ridmap"]).sorted()
    }

    public init() {}

    public init(_ options: [String]) {
        for option in options {
            if let f = Self.setting[option] {
                flags |= f
                clearedFlags &= ~f
            } else if let f = Self.clearing[option] {
                flags &= ~f
                clearedFlags |= f
            } else if let p = Self.propagationFlags[option] {
                propagation.append(p)
            } else if let (set, clear) = Self.recursive[option] {
                recursiveSet = (recursiveSet & ~clear) | set
                recursiveClear = (recursiveClear & ~set) | clear
            } else if option == "tmpcopyup" {
                tmpcopyup = true
            } else if option == "idmap" {
                idmap = true
            } else if option == "ridmap" {
                idmap = true
                recursiveIdmap = true
            } else {
                data.append(option)
            }
        }
    }
}
