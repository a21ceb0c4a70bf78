import BerthCgroups
import BerthOCI
import BerthSeccomp

/// Everything the forked init needs, computed by the parent before fork so the child does no
/// parsing and little allocation.
struct InitPlan {
    var id: String
    var bundle: String
    var rootfs: String
    var spec: Spec
    var process: Process
    var cgroup: (any CgroupManager)?
    var stateDirFd: Int32
    var consoleSocket: Int32
    var seccomp: SeccompFilter?
    var seccompListener: Int32
    var noPivot: Bool
    var preserveFds: Int
    var hasRuntimeHooks: Bool
    var idmappedTrees: [Int: Int32] = [:]
    var joinUnifiedInChild = false

    var namespaces: [Namespace] { spec.linux?.namespaces ?? [] }

    func isNew(_ type: NamespaceType) -> Bool {
        namespaces.contains { $0.type == type && ($0.path ?? "").isEmpty }
    }

    var hasUserNamespace: Bool { namespaces.contains { $0.type == .user } }

    var hasMountNamespace: Bool { namespaces.contains { $0.type == .mount } }
}
