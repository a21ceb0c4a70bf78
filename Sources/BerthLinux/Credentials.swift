import BerthCore
import BerthOCI
import CBerthLinux
import Glibc

/// Switches the calling process to the container user. PR_SET_KEEPCAPS keeps the permitted set
/// across setuid so the capability sets can be applied afterwards.
public enum Credentials {
    public static func switchUser(_ user: User, keepCaps: Bool = true) throws {
        if keepCaps { _ = berth_prctl(Prctl.setKeepcaps, 1, 0, 0, 0) }
        let groups = (user.additionalGids ?? []).map { gid_t($0) }
        let r = groups.withUnsafeBufferPointer { berth_setgroups($0.count, $0.baseAddress) }
        // EPERM: setgroups is denied in a user namespace whose gid map was written with setgroups=deny.
        if r != 0 && !(errno == EPERM && groups.isEmpty) { throw BerthError.sys("setgroups \(groups)") }
        guard berth_setresgid(user.gid, user.gid, user.gid) == 0 else { throw BerthError.sys("setgid \(user.gid)") }
        guard berth_setresuid(user.uid, user.uid, user.uid) == 0 else { throw BerthError.sys("setuid \(user.uid)") }
        if keepCaps { _ = berth_prctl(Prctl.setKeepcaps, 0, 0, 0, 0) }
    }

    public static func applyRlimits(_ rlimits: [Rlimit]) throws {
        for limit in rlimits {
            guard let resource = Rlimits.resource(named: limit.type) else {
                throw BerthError(.invalidConfig, "unknown rlimit \(limit.type)")
            }
            var value = rlimit(rlim_cur: rlim_t(limit.soft), rlim_max: rlim_t(limit.hard))
            guard setrlimit(__rlimit_resource_t(UInt32(resource)), &value) == 0 else {
                throw BerthError.sys("setrlimit \(limit.type) soft=\(limit.soft) hard=\(limit.hard)")
            }
        }
    }

    public static func setOOMScoreAdj(_ value: Int) throws {
        try FileIO.write("/proc/self/oom_score_adj", String(value), flags: O_WRONLY)
    }
}
