import BerthCore
import BerthLinux
import BerthOCI

extension DockerSpecBuilder {
    /// A mount the user (or the engine on the user's behalf) asked for, before it becomes an OCI mount.
    struct UserMount {
        var destination: String
        var source: String
        var writable: Bool
        var propagation: String?
        /// tmpfs options data, for tmpfs mounts (source "tmpfs").
        var tmpfsData: String?
    }

    /// moby WithMounts: Docker's default mounts minus the ones a user mount replaces (everything
    /// under /dev when /dev itself is user-mounted, /dev/shm with `--ipc none`), /dev/shm sized by
    /// ShmSize, then the user mounts (binds, volumes, the network files, tmpfs) sorted parents first.
    func makeMounts(_ container: ContainerSpecInput, modes: ContainerNamespaceModes, initMount: Mount?,
                    rootfsPropagation: inout String?) throws -> [Mount] {
        let userMounts = try collectUserMounts(container, modes: modes)
        let userDestinations = Set(userMounts.map(\.destination))
        let devMounted = userDestinations.contains("/dev")
        let shmSize = container.shmSize > 0 ? container.shmSize : DockerDefaults.shmSize

        var mounts: [Mount] = []
        for var m in DockerDefaults.mounts {
            if userDestinations.contains(m.destination) { continue }
            if devMounted && m.destination.hasPrefix("/dev/") { continue }
            if m.destination == "/dev/shm" {
                if modes.ipc == .none { continue }
                m.options = (m.options ?? []) + ["size=\(shmSize)"]
            }
            mounts.append(m)
        }
        if let initMount { mounts.append(initMount) }

        for m in userMounts {
            if let data = m.tmpfsData {
                mounts.append(Mount(destination: m.destination, type: "tmpfs", source: "tmpfs", options: try TmpfsOptions.options(data: data)))
                continue
            }
            var options = ["rbind"]
            if !m.writable { options.append("ro") }
            if let propagation = m.propagation {
                options.append(propagation)
                switch propagation {
                case "shared", "rshared":
                    if rootfsPropagation != "shared" && rootfsPropagation != "rshared" { rootfsPropagation = "shared" }
                case "slave", "rslave":
                    if ![Optional("shared"), "rshared", "slave", "rslave"].contains(rootfsPropagation) { rootfsPropagation = "rslave" }
                default:
                    break
                }
            }
            mounts.append(Mount(destination: m.destination, type: "bind", source: m.source, options: options))
        }

        if container.readonlyRootfs {
            let keepWritable: Set<String> = ["/proc", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev"]
            for i in mounts.indices where !keepWritable.contains(mounts[i].destination) && !userDestinations.contains(mounts[i].destination) {
                if !(mounts[i].options ?? []).contains("ro") { mounts[i].options = (mounts[i].options ?? []) + ["ro"] }
            }
        }
        if container.privileged {
            for i in mounts.indices where mounts[i].destination == "/sys" || mounts[i].type == "cgroup" {
                mounts[i].options = mounts[i].options?.filter { $0 != "ro" }
            }
        }
        return mounts
    }

    /// Binds and volumes, the network files (unless the user mounts over them), the shared /dev/shm
    /// and tmpfs mounts, in dockerd's order, sorted by destination depth like moby's `mounts` sort.
    func collectUserMounts(_ container: ContainerSpecInput, modes: ContainerNamespaceModes) throws -> [UserMount] {
        var mounts: [UserMount] = []
        var seen = Set<String>()
        func add(_ m: UserMount) throws {
            guard seen.insert(m.destination).inserted else {
                throw BerthError(.invalidArgument, "Duplicate mount point: \(m.destination)")
            }
            mounts.append(m)
        }

        for raw in container.binds {
            let bind = try BindMountSpec.parse(raw)
            switch bind.kind {
            case .bind(let source):
                if !FileIO.exists(source) {
                    guard environment.createMissingBindSources else {
                        throw BerthError(.invalidArgument,
                                         "invalid mount config for type \"bind\": bind source path does not exist: \(source)")
                    }
                    try FileIO.mkdirAll(source, mode: 0o755)
                }
                try add(UserMount(destination: bind.destination, source: source, writable: !bind.readOnly, propagation: bind.propagation))
            case .volume(let name):
                let source = try environment.volumePath(name, bind.destination)
                try add(UserMount(destination: bind.destination, source: source, writable: !bind.readOnly,
                                  propagation: BindMountSpec.defaultPropagation))
            }
        }

        // The network files follow the rootfs' writability and are skipped where the user mounts over them.
        let networkFiles: [(String, String?)] = [
            ("/etc/resolv.conf", environment.resolvConfPath), ("/etc/hostname", environment.hostnamePath),
            ("/etc/hosts", environment.hostsPath),
        ]
        let tmpfsDestinations = Set(container.tmpfs.keys.map(BindMountSpec.cleanPath))
        for (destination, source) in networkFiles {
            guard let source, !seen.contains(destination), !tmpfsDestinations.contains(destination), FileIO.exists(source) else { continue }
            try add(UserMount(destination: destination, source: source, writable: !container.readonlyRootfs,
                              propagation: BindMountSpec.defaultPropagation))
        }

        // moby IpcMounts: a shareable or joined IPC namespace brings a /dev/shm directory along.
        let shmTaken = seen.contains("/dev/shm") || tmpfsDestinations.contains("/dev/shm")
        if !shmTaken, let resolve = environment.sharedShmPath {
            var source: String?
            switch modes.ipc {
            case .container(let ref): source = resolve(ref)
            case .host: source = "/dev/shm"
            case .privateNamespace where modes.ipcShareable: source = resolve(nil)
            default: source = nil
            }
            if let source {
                try add(UserMount(destination: "/dev/shm", source: source, writable: true, propagation: BindMountSpec.defaultPropagation))
            }
        } else if modes.ipc == .host && !shmTaken {
            try add(UserMount(destination: "/dev/shm", source: "/dev/shm", writable: true, propagation: BindMountSpec.defaultPropagation))
        }

        for (destination, data) in container.tmpfs.sorted(by: { $0.key < $1.key }) {
            if BindMountSpec.cleanPath(destination) == "/" {
                throw BerthError(.invalidArgument, "invalid specification: destination can't be '/'")
            }
            guard destination.hasPrefix("/") else {
                throw BerthError(.invalidArgument, "invalid mount path: '\(destination)' mount path must be absolute")
            }
            try add(UserMount(destination: BindMountSpec.cleanPath(destination), source: "tmpfs", writable: true, propagation: nil, tmpfsData: data))
        }

        // Parents before children: a stable sort on the number of path components.
        return mounts.enumerated()
            .sorted { a, b in
                let da = depth(a.element.destination), db = depth(b.element.destination)
                return da != db ? da < db : a.offset < b.offset
            }
            .map(\.element)
    }

    func depth(_ path: String) -> Int {
        BindMountSpec.cleanPath(path).split(separator: "/").count
    }
}
