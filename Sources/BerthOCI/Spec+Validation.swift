import BerthCore

extension Spec {
    /// Semantic checks that decoding cannot express. Each error names the offending field, and all of
    /// them run before the runtime touches the host, so a bad config leaves nothing behind.
    public func validate() throws {
        func fail(_ field: String, _ why: String) -> BerthError {
            BerthError(.invalidConfig, "config.json: \(field): \(why)")
        }
        guard ociVersion.hasPrefix("1.") else { throw fail("ociVersion", "unsupported version \"\(ociVersion)\"") }
        guard let root else { throw fail("root", "required field is missing") }
        guard !root.path.isEmpty else { throw fail("root.path", "must not be empty") }
        if let process {
            guard !(process.args ?? []).isEmpty else { throw fail("process.args", "must not be empty") }
            guard process.cwd.hasPrefix("/") else { throw fail("process.cwd", "must be an absolute path, got \"\(process.cwd)\"") }
            for (i, rlimit) in (process.rlimits ?? []).enumerated() where Rlimits.resource(named: rlimit.type) == nil {
                throw fail("process.rlimits[\(i)].type", "unknown rlimit \"\(rlimit.type)\"")
            }
            if let caps = process.capabilities {
                let sets: [(String, [String]?)] = [("bounding", caps.bounding), ("effective", caps.effective),
                    ("inheritable", caps.inheritable), ("permitted", caps.permitted), ("ambient", caps.ambient)]
                for (set, names) in sets {
                    for (i, name) in (names ?? []).enumerated() where CapabilityNames.number(of: name) == nil {
                        throw fail("process.capabilities.\(set)[\(i)]", "unknown capability \"\(name)\"")
                    }
                }
            }
        }
        for (i, mount) in (mounts ?? []).enumerated() {
            guard mount.destination.hasPrefix("/") else {
                throw fail("mounts[\(i)].destination", "must be an absolute path, got \"\(mount.destination)\"")
            }
        }
        if hostname != nil || domainname != nil, !(linux?.namespaces ?? []).contains(where: { $0.type == .uts && $0.path == nil }) {
            if hostname.map({ !$0.isEmpty }) ?? false {
                throw fail("hostname", "setting the hostname requires a new uts namespace")
            }
        }
        if let linux { try linux.validate(fail: fail) }
    }
}

extension Linux {
    func validate(fail: (String, String) -> BerthError) throws {
        var seen = Set<NamespaceType>()
        for (i, ns) in (namespaces ?? []).enumerated() {
            guard NamespaceType.known.contains(ns.type) else {
                throw fail("linux.namespaces[\(i)].type", "unknown namespace type \"\(ns.type)\"")
            }
            guard seen.insert(ns.type).inserted else {
                throw fail("linux.namespaces[\(i)].type", "duplicate namespace \"\(ns.type)\"")
            }
            if let path = ns.path, !path.hasPrefix("/") {
                throw fail("linux.namespaces[\(i)].path", "must be an absolute path, got \"\(path)\"")
            }
        }
        let newUser = (namespaces ?? []).contains { $0.type == .user && $0.path == nil }
        if newUser && (uidMappings ?? []).isEmpty {
            throw fail("linux.uidMappings", "a new user namespace needs uid mappings")
        }
        if newUser && (gidMappings ?? []).isEmpty {
            throw fail("linux.gidMappings", "a new user namespace needs gid mappings")
        }
        if !newUser && !((uidMappings ?? []).isEmpty && (gidMappings ?? []).isEmpty) {
            if !(namespaces ?? []).contains(where: { $0.type == .user }) {
                throw fail("linux.uidMappings", "id mappings need a user namespace")
            }
        }
        if timeOffsets != nil && !(namespaces ?? []).contains(where: { $0.type == .time && $0.path == nil }) {
            throw fail("linux.timeOffsets", "time offsets need a new time namespace")
        }
        for (clock, _) in timeOffsets ?? [:] where clock != "monotonic" && clock != "boottime" {
            throw fail("linux.timeOffsets.\(clock)", "unknown clock (monotonic or boottime)")
        }
        if let prop = rootfsPropagation, !prop.isEmpty,
           !["shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable"].contains(prop) {
            throw fail("linux.rootfsPropagation", "unknown propagation \"\(prop)\"")
        }
        for (i, dev) in (devices ?? []).enumerated() {
            guard ["c", "b", "u", "p"].contains(dev.type) else {
                throw fail("linux.devices[\(i)].type", "unknown device type \"\(dev.type)\"")
            }
            guard dev.path.hasPrefix("/dev/") || dev.path.hasPrefix("/") else {
                throw fail("linux.devices[\(i)].path", "must be an absolute path")
            }
            if dev.type != "p" && (dev.major == nil || dev.minor == nil) {
                throw fail("linux.devices[\(i)]", "major and minor are required for type \"\(dev.type)\"")
            }
        }
        for (i, rule) in (resources?.devices ?? []).enumerated() {
            if let t = rule.type, !["a", "c", "b"].contains(t) {
                throw fail("linux.resources.devices[\(i)].type", "unknown device type \"\(t)\"")
            }
            if let access = rule.access, access.contains(where: { !"rwm".contains($0) }) {
                throw fail("linux.resources.devices[\(i)].access", "invalid access \"\(access)\"")
            }
        }
        try validateSysctls(fail: fail)
        if let path = cgroupsPath, path.contains("..") {
            let parts = path.split(separator: "/")
            if parts.contains("..") { throw fail("linux.cgroupsPath", "must not contain \"..\"") }
        }
    }
}

extension Linux {
    static let ipcSysctls: Set<String> = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    ]

    /// A sysctl is written from inside the container, so it must belong to a namespace the
    /// container owns; otherwise it would change the host (runc's validator rules).
    func validateSysctls(fail: (String, String) -> BerthError) throws {
        let types = Set((namespaces ?? []).map(\.type))
        for key in (sysctl ?? [:]).keys.sorted() {
            let field = "linux.sysctl.\(key)"
            if Self.ipcSysctls.contains(key) || key.hasPrefix("fs.mqueue.") {
                guard types.contains(.ipc) else { throw fail(field, "not allowed without an ipc namespace (it would change the host)") }
            } else if key.hasPrefix("net.") {
                guard types.contains(.network) else { throw fail(field, "not allowed in the host network namespace") }
            } else if key == "kernel.hostname" || key == "kernel.domainname" {
                guard types.contains(.uts) else { throw fail(field, "not allowed without a uts namespace") }
            } else {
                throw fail(field, "not in a separate kernel namespace")
            }
        }
    }
}
