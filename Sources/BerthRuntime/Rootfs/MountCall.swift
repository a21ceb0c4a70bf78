import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

/// mount(2) with errors that name the mount.
enum MountCall {
    static func mount(_ source: String?, _ target: String, _ type: String?, _ flags: UInt, _ data: String? = nil) throws {
        let r: Int32
        if let data, !data.isEmpty {
            r = Glibc.mount(source, target, type, flags, data)
        } else {
            r = Glibc.mount(source, target, type, flags, nil)
        }
        guard r == 0 else {
            throw BerthError.sys("mount \(source ?? "none") to \(target) (type \(type ?? "none"), flags 0x\(String(flags, radix: 16))\(data.map { ", data \"\($0)\"" } ?? ""))")
        }
    }

    /// Bind-remount keeping the flags the kernel locked on the source (nodev/nosuid/noexec/atime),
    /// which an unprivileged (user namespace) remount may not clear.
    static func remount(_ target: String, flags: UInt) throws {
        var st = statvfs()
        var locked: UInt = 0
        if statvfs(target, &st) == 0 {
            let f = UInt(st.f_flag)
            // ST_* flag values match MS_* for these bits.
            locked = f & (MountFlag.nosuid | MountFlag.nodev | MountFlag.noexec | MountFlag.noatime | MountFlag.nodiratime | MountFlag.relatime)
        }
        let wanted = flags | MountFlag.remount | MountFlag.bind
        if Glibc.mount(nil, target, nil, wanted | locked, nil) == 0 { return }
        try mount(nil, target, nil, wanted)
    }
}
