import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

/// The child side of `create`, in two stages:
/// - stage 1 (forked from the runtime): joins the cgroup, joins or creates namespaces (user first,
///   so the parent can write its id maps), then clones stage 2 with CLONE_PARENT and exits;
/// - stage 2 (the container init, a child of the runtime parent): builds the rootfs, pivots, sets up
///   the console, reports ready, and blocks on exec.fifo until `start`.
/// pid and time namespaces only apply to children, which is why stage 2 exists at all.
struct ContainerInit {
    let plan: InitPlan
    let sync: SyncChannel

    func stage1() -> Never {
        do {
            // Only stdio, the preserved fds and our own survive into the container.
            var keep = Array(Int32(3)..<Int32(3 + plan.preserveFds))
            keep += [sync.fd, plan.stateDirFd, plan.consoleSocket, plan.seccompListener] + Array(plan.idmappedTrees.values)
            _ = keep.withUnsafeBufferPointer { berth_close_fds_except($0.baseAddress, $0.count) }
            // v1 hierarchies here (before any namespace changes our credentials); the cgroup2
            // directory was joined when the parent cloned us.
            try plan.cgroup?.joinSelf()
            if plan.joinUnifiedInChild { try plan.cgroup?.apply(pid: getpid()) }
            for type in Namespaces.joinOrder {
                if let ns = plan.namespaces.first(where: { $0.type == type }), let path = ns.path, !path.isEmpty {
                    try Namespaces.join(path: path, type: type)
                }
            }
            if plan.isNew(.user) {
                guard berth_unshare(CloneFlag.newuser) == 0 else { throw BerthError.sys("unshare user namespace") }
                try sync.send("userns")
                guard try sync.receive() == "go" else { _exit(1) }
            }
            if plan.hasUserNamespace {
                // Created or joined: host root is unmapped in it until we take its uid/gid 0.
                guard berth_setresgid(0, 0, 0) == 0, berth_setresuid(0, 0, 0) == 0 else {
                    throw BerthError.sys("become root in the user namespace")
                }
            }
            var flags: Int32 = 0
            for ns in plan.namespaces where (ns.path ?? "").isEmpty && ns.type != .user {
                flags |= Namespaces.cloneFlag(ns.type)
            }
            if flags != 0 {
                guard berth_unshare(flags) == 0 else { throw BerthError.sys("unshare namespaces \(plan.namespaces.filter { ($0.path ?? "").isEmpty }.map(\.type.rawValue))") }
            }
            if plan.isNew(.time), let offsets = plan.spec.linux?.timeOffsets {
                var text = ""
                for (clock, offset) in offsets.sorted(by: { $0.key < $1.key }) {
                    text += "\(clock) \(offset.secs ?? 0) \(offset.nanosecs ?? 0)\n"
                }
                try FileIO.write("/proc/self/timens_offsets", text, flags: O_WRONLY)
            }
            let child = berth_clone(UInt(bitPattern: Int(CloneFlag.parent)))
            if child < 0 { throw BerthError.sys("clone container init") }
            if child == 0 { stage2() }
            try sync.send("pid:\(child)")
            _exit(0)
        } catch {
            sync.fail(error)
        }
    }

    func stage2() -> Never {
        var startChannel: Int32 = -1
        do {
            guard let go = try sync.receive(), go.hasPrefix("go:"), let hostPid = Int32(go.dropFirst(3)) else { _exit(1) }
            guard setsid() >= 0 else { throw BerthError.sys("setsid") }
            _ = berth_prctl(Prctl.setDumpable, 0, 0, 0, 0)
            let spec = plan.spec
            if plan.isNew(.uts) {
                if let hostname = spec.hostname, !hostname.isEmpty {
                    guard berth_sethostname(hostname) == 0 else { throw BerthError.sys("sethostname \(hostname)") }
                }
                if let domain = spec.domainname, !domain.isEmpty {
                    guard berth_setdomainname(domain) == 0 else { throw BerthError.sys("setdomainname \(domain)") }
                }
            }
            let builder = RootfsBuilder(spec: spec, rootfs: plan.rootfs, newUserNamespace: plan.hasUserNamespace,
                                        newCgroupNamespace: plan.namespaces.contains { $0.type == .cgroup },
                                        idmappedTrees: plan.idmappedTrees)
            let terminal = plan.process.terminal == true
            var pty: Pty?
            if plan.hasMountNamespace {
                pty = try builder.prepare(terminal: terminal, consoleSize: plan.process.consoleSize)
            } else if terminal {
                pty = try Pty.open(ptmx: "/dev/ptmx", rows: UInt16(clamping: plan.process.consoleSize?.height ?? 0),
                                   cols: UInt16(clamping: plan.process.consoleSize?.width ?? 0))
            }
            try builder.applySysctls()
            if plan.hasRuntimeHooks {
                try sync.send("hooks")
                guard try sync.receive() == "go" else { _exit(1) }
            }
            let state = State(id: plan.id, status: "created", pid: hostPid, bundle: plan.bundle, annotations: spec.annotations)
            try HookRunner.run(spec.hooks?.createContainer ?? [], kind: "createContainer", state: state)
            if plan.hasMountNamespace {
                try builder.pivot(noPivot: plan.noPivot)
                try builder.finish()
            } else {
                guard chroot(plan.rootfs) == 0, chdir("/") == 0 else { throw BerthError.sys("chroot \(plan.rootfs)") }
            }
            try enterWorkingDirectory()
            let args = plan.process.args ?? []
            guard let program = args.first else { throw BerthError(.invalidConfig, "process.args must not be empty") }
            let executable = try Executable.lookup(program, env: plan.process.env ?? [])
            if let adj = plan.process.oomScoreAdj { try Credentials.setOOMScoreAdj(adj) }
            if let personality = spec.linux?.personality {
                let domain: UInt = personality.domain == "LINUX32" ? 0x0008 : 0
                _ = berth_personality(domain)
            }
            if let pty {
                try Pty.send(master: pty.master, name: pty.slaveName, over: plan.consoleSocket)
                close(pty.master)
                close(plan.consoleSocket)
                try Pty.becomeControllingTerminal(pty.slave)
                if pty.slave > 2 { close(pty.slave) }
            }
            try sync.send("ready")
            close(sync.fd)

            startChannel = try waitForStart()
            let running = State(id: plan.id, status: "running", pid: hostPid, bundle: plan.bundle, annotations: spec.annotations)
            try HookRunner.run(spec.hooks?.startContainer ?? [], kind: "startContainer", state: running)
            let finalizer = ProcessFinalizer(process: plan.process, executable: executable, seccomp: plan.seccomp,
                                             seccompListener: plan.seccompListener, preserveFds: plan.preserveFds,
                                             stateForAgent: { running }, memoryPolicy: spec.linux?.memoryPolicy,
                                             listenerMetadata: spec.linux?.seccomp?.listenerMetadata)
            try finalizer.execute()
        } catch {
            // Before "ready" the parent reads this; after `start`, the start command reads it from the
            // fifo (startContainer hook or exec failures); stderr gets it too.
            try? sync.send("error:\(error)")
            if startChannel >= 0 {
                let text = Array("\(error)".utf8)
                _ = text.withUnsafeBytes { Glibc.write(startChannel, $0.baseAddress, $0.count) }
            }
            let line = Array("berth-runtime: container init: \(error)\n".utf8)
            _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            _exit(127)
        }
    }

    /// runc creates a missing cwd instead of failing.
    func enterWorkingDirectory() throws {
        let cwd = plan.process.cwd
        if chdir(cwd) != 0 {
            try FileIO.mkdirAll(cwd)
            guard chdir(cwd) == 0 else { throw BerthError.sys("chdir to cwd (\"\(cwd)\") set in config.json") }
        }
    }

    /// Blocks until `start` opens the fifo for reading. The fifo is reached through a directory fd
    /// opened on the host before pivot_root, so it needs no /proc inside the container. The write end
    /// stays open (close-on-exec): `start` reads until EOF, which comes when the user process execs,
    /// so the startContainer hooks finish before poststart runs, and a failure is reported to `start`.
    func waitForStart() throws -> Int32 {
        let fd = retryEINTR { berth_openat(plan.stateDirFd, "exec.fifo", O_WRONLY | O_CLOEXEC, 0) }
        guard fd >= 0 else { throw BerthError.sys("open exec fifo") }
        var byte: UInt8 = 0x30
        guard Glibc.write(fd, &byte, 1) == 1 else { throw BerthError.sys("write exec fifo") }
        close(plan.stateDirFd)
        return fd
    }
}
