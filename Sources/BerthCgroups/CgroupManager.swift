import BerthOCI

/// One container's cgroup across every hierarchy it lives in.
///
/// Implementations are plain values over directory paths, so the runtime can persist `paths` in state.json and
/// reopen the same cgroup later with `Cgroups.manager(restoring:)`.
public protocol CgroupManager: Sendable {
    /// Controller name -> absolute directory. v1 uses controller names ("memory", "cpu", "name=systemd"),
    /// with "unified" for the cgroup2 directory in hybrid mode; v2 uses the single key "".
    var paths: [String: String] { get }
    var mode: CgroupMode { get }
    /// mkdir in every hierarchy; idempotent.
    func create() throws
    /// Moves `pid` (all its threads) into the cgroup in every hierarchy.
    func apply(pid: Int32) throws
    /// Moves the calling, single-threaded process into the v1 hierarchies the cheap way, for
    /// container start-up: it writes "0" to `tasks`, which the kernel handles without the global
    /// threadgroup lock (and its RCU grace period, ~15 ms here per first write). The cgroup2 part is
    /// joined at fork time instead, through `openUnifiedDirectory` and clone3(CLONE_INTO_CGROUP).
    func joinSelf() throws
    /// An O_PATH fd of the cgroup2 directory (v2 or hybrid), for clone3(CLONE_INTO_CGROUP), which
    /// places the child there without that lock either. The caller closes it.
    func openUnifiedDirectory() throws -> Int32?
    /// Writes limits. Used at create and by `update`; a requested field that the host cannot honour is an error
    /// naming the field.
    func set(_ resources: LinuxResources) throws
    func freeze() throws
    func thaw() throws
    func isFrozen() -> Bool
    /// Every process in the cgroup, including sub-cgroups.
    func pids() throws -> [Int32]
    func stats() throws -> CgroupStats
    /// Removes the container's directories (and any sub-cgroups); missing directories are fine.
    func destroy() throws
}
