/// Kernel ABI constants, typed once here: Glibc imports some of them as anonymous-enum Ints and
/// others not at all (MS_NOSYMFOLLOW, CLONE_NEWTIME, MOUNT_ATTR_*).
public enum MountFlag {
    public static let rdonly: UInt = 1
    public static let nosuid: UInt = 2
    public static let nodev: UInt = 4
    public static let noexec: UInt = 8
    public static let synchronous: UInt = 16
    public static let remount: UInt = 32
    public static let mandlock: UInt = 64
    public static let dirsync: UInt = 128
    public static let nosymfollow: UInt = 256
    public static let noatime: UInt = 1024
    public static let nodiratime: UInt = 2048
    public static let bind: UInt = 4096
    public static let move: UInt = 8192
    public static let rec: UInt = 16384
    public static let silent: UInt = 32768
    public static let unbindable: UInt = 1 << 17
    public static let `private`: UInt = 1 << 18
    public static let slave: UInt = 1 << 19
    public static let shared: UInt = 1 << 20
    public static let relatime: UInt = 1 << 21
    public static let iversion: UInt = 1 << 23
    public static let strictatime: UInt = 1 << 24
    public static let lazytime: UInt = 1 << 25
    public static let propagation: UInt = unbindable | `private` | slave | shared
}

public enum MountAttr {
    public static let rdonly: UInt64 = 0x1
    public static let nosuid: UInt64 = 0x2
    public static let nodev: UInt64 = 0x4
    public static let noexec: UInt64 = 0x8
    public static let atimeMask: UInt64 = 0x70
    public static let relatime: UInt64 = 0x0
    public static let noatime: UInt64 = 0x10
    public static let strictatime: UInt64 = 0x20
    public static let nodiratime: UInt64 = 0x80
    public static let idmap: UInt64 = 0x100000
    public static let nosymfollow: UInt64 = 0x200000
}

public enum CloneFlag {
    public static let newtime: Int32 = 0x80
    public static let newns: Int32 = 0x20000
    public static let newcgroup: Int32 = 0x0200_0000
    public static let newuts: Int32 = 0x0400_0000
    public static let newipc: Int32 = 0x0800_0000
    public static let newuser: Int32 = 0x1000_0000
    public static let newpid: Int32 = 0x2000_0000
    public static let newnet: Int32 = 0x4000_0000
    public static let parent: Int32 = 0x8000
}

public enum Prctl {
    public static let setPdeathsig: Int32 = 1
    public static let setDumpable: Int32 = 4
    public static let setKeepcaps: Int32 = 8
    public static let capbsetRead: Int32 = 23
    public static let capbsetDrop: Int32 = 24
    public static let setNoNewPrivs: Int32 = 38
    public static let setChildSubreaper: Int32 = 36
    public static let capAmbient: Int32 = 47
    public static let capAmbientRaise: UInt = 2
    public static let capAmbientClearAll: UInt = 4
}

public enum OpenFlag {
    /// O_PATH is a GNU extension Glibc does not export to Swift.
    public static let path: Int32 = 0o10000000
}
