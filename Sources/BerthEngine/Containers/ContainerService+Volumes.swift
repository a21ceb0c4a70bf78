import BerthCore
import BerthEngineAPI
import BerthLinux

extension ContainerService {
    /// dockerd's volume resolution at create (daemon/create_unix.go + volumes.go registerMountPoints):
    /// `-v name:/dst` creates the named volume when missing, `-v /dst`, `--mount type=volume` without a
    /// source and every image VOLUME not covered by another mount create an anonymous one, and
    /// `--volumes-from` brings another container's volumes and binds at the same destinations. What
    /// this created is removed again when the create fails.
    func resolveMountPoints(config: ContainerConfig, host: HostConfig) throws -> [ContainerMountPoint] {
        var points: [ContainerMountPoint] = []
        var created: [String] = []
        var covered = Set<String>()
        do {
            for raw in host.binds ?? [] {
                let bind = try BindMountSpec.parse(raw)
                covered.insert(bind.destination)
                guard case .volume(let name) = bind.kind else { continue }
                let volume = try makeVolume(name, options: nil, labels: nil, created: &created)
                points.append(ContainerMountPoint(type: "volume", name: volume, destination: bind.destination, rw: !bind.readOnly,
                                                  mode: bind.mode.isEmpty ? (name == nil ? "" : "z") : bind.mode,
                                                  noCopy: bind.noCopy, anonymous: name == nil))
            }
            for mount in host.mounts ?? [] {
                guard !mount.target.isEmpty else {
                    throw BerthError(.invalidArgument, "invalid mount config for type \"\(mount.type)\": field Target must not be empty")
                }
                let destination = BindMountSpec.cleanPath(mount.target)
                covered.insert(destination)
                if mount.type == "bind" {
                    // `--mount type=bind` does not create a missing source (unlike `-v`), unless asked to.
                    guard !mount.source.isEmpty else {
                        throw BerthError(.invalidArgument, "invalid mount config for type \"bind\": field Source must not be empty")
                    }
                    if !FileIO.exists(mount.source), mount.bindOptions?.createMountpoint != true {
                        throw BerthError(.invalidArgument, "invalid mount config for type \"bind\": bind source path does not exist: \(mount.source)")
                    }
                }
                guard mount.type == "volume" else { continue }
                if let driver = mount.volumeOptions?.driverConfig?.name, !driver.isEmpty, driver != "local" {
                    throw BerthError(.notFound, "create \(mount.source): error looking up volume plugin \(driver): plugin \"\(driver)\" not found")
                }
                let name = mount.source.isEmpty ? nil : mount.source
                let volume = try makeVolume(name, options: mount.volumeOptions?.driverConfig?.options,
                                            labels: mount.volumeOptions?.labels, created: &created)
                points.append(ContainerMountPoint(type: "volume", name: volume, destination: destination, rw: !mount.readOnly,
                                                  mode: "z", noCopy: mount.volumeOptions?.noCopy ?? false, anonymous: name == nil))
            }
            for destination in (host.tmpfs ?? [:]).keys { covered.insert(BindMountSpec.cleanPath(destination)) }

            for entry in host.volumesFrom ?? [] {
                let (reference, mode) = try Self.parseVolumesFrom(entry)
                let other = try store.find(reference)
                for var point in try inheritedMountPoints(other) where !covered.contains(point.destination) {
                    if mode == "ro" { point.rw = false } else if mode == "rw" { point.rw = true }
                    // Shared, not owned: removing this container never removes the other's anonymous volumes.
                    point.anonymous = false
                    covered.insert(point.destination)
                    points.append(point)
                }
            }

            for raw in (config.volumes ?? [:]).keys.sorted() {
                let destination = BindMountSpec.cleanPath(raw)
                guard destination.hasPrefix("/"), destination != "/", !covered.contains(destination) else { continue }
                let volume = try makeVolume(nil, options: nil, labels: nil, created: &created)
                covered.insert(destination)
                points.append(ContainerMountPoint(type: "volume", name: volume, destination: destination, rw: true, anonymous: true))
            }
        } catch {
            removeVolumes(created)
            throw error
        }
        return points
    }

    /// Creates (or finds) a volume; an anonymous one carries dockerd's anonymous label.
    private func makeVolume(_ name: String?, options: [String: String]?, labels: [String: String]?,
                            created: inout [String]) throws -> String {
        guard let volumes else {
            throw BerthError(.unsupported, "volumes are not supported: \(name ?? "anonymous volume")")
        }
        var labels = labels
        if name == nil { labels = (labels ?? [:]).merging([VolumeRecord.anonymousLabel: ""]) { _, new in new } }
        let result = try volumes.create(name: name, options: options, labels: labels)
        if result.created { created.append(result.volume.name) }
        return result.volume.name
    }

    /// Removes volumes nobody uses any more (a failed create's, or a removed container's anonymous ones).
    func removeVolumes(_ names: [String]) {
        for name in names { try? volumes?.remove(name, force: true) }
    }

    /// `c`, `c:ro`, `c:rw` (moby parseVolumesFrom).
    static func parseVolumesFrom(_ entry: String) throws -> (String, String) {
        let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let reference = parts.first, !reference.isEmpty else {
            throw BerthError(.invalidArgument, "invalid volumes-from: \(entry)")
        }
        let mode = parts.count > 1 ? parts[1] : ""
        guard mode.isEmpty || BindMountSpec.isValidMode(mode) else {
            throw BerthError(.invalidArgument, "invalid mode for volumes-from: \(mode)")
        }
        let rw = mode.split(separator: ",").first { $0 == "ro" || $0 == "rw" }.map(String.init) ?? ""
        return (reference, rw)
    }

    /// Every volume and bind of a container, as `--volumes-from` passes them on.
    func inheritedMountPoints(_ record: ContainerRecord) throws -> [ContainerMountPoint] {
        var points = record.mountPoints ?? []
        for raw in record.hostConfig.binds ?? [] {
            guard let bind = try? BindMountSpec.parse(raw), case .bind(let source) = bind.kind else { continue }
            points.append(ContainerMountPoint(type: "bind", source: source, destination: bind.destination, rw: !bind.readOnly, mode: bind.mode))
        }
        for mount in record.hostConfig.mounts ?? [] where mount.type == "bind" {
            points.append(ContainerMountPoint(type: "bind", source: mount.source, destination: BindMountSpec.cleanPath(mount.target),
                                              rw: !mount.readOnly))
        }
        return points
    }

    /// The container's anonymous volumes, for `rm -v` and `--rm`.
    func anonymousVolumes(_ record: ContainerRecord) -> [String] {
        (record.mountPoints ?? []).filter { $0.type == "volume" && $0.anonymous }.map(\.name)
    }
}
