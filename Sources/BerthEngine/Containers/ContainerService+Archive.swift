import BerthCore
import BerthEngineAPI
import BerthImages
import BerthLinux
import BerthSnapshots
import BerthSupervisorAPI
import FoundationEssentials
import Glibc

/// `X-Docker-Container-Path-Stat`: the path's stat with a Go `os.FileMode`.
public struct ContainerPathStat: Codable, Sendable {
    public var name: String
    public var size: Int64
    public var mode: UInt32
    public var mtime: String
    public var linkTarget: String

    /// The header value: base64 of the JSON.
    public var headerValue: String {
        let json = (try? EngineJSON.encode(self)) ?? []
        return Data(json).base64EncodedString()
    }
}

extension ContainerService {
    /// A container's root filesystem on the host while `body` runs: the live root of a running
    /// container (its mounts included), or its snapshot mounted for the occasion.
    func withRootfs<T: Sendable>(_ record: ContainerRecord, _ body: @escaping @Sendable (String) throws -> T) async throws -> T {
        if record.state.running, record.state.pid > 0 {
            let root = "/proc/\(record.state.pid)/root"
            return try await BlockingWork.run { try body(root) }
        }
        var request = Berth_Supervisor_V1_MountsRequest()
        request.namespace = namespace
        request.snapshotter = record.snapshotter
        request.key = record.snapshotKey
        let mounts = try await SupervisorError.mapping { try await link.snapshots.mounts(request).mounts }
        let target = store.directory(record.id) + "/rootfs-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return try await BlockingWork.run {
            try FileIO.mkdirAll(target, mode: 0o700)
            defer { rmdir(target) }
            try Mount.mountAll(mounts.map { Mount(type: $0.type, source: $0.source, options: $0.options) }, at: target)
            defer { try? Mount.unmountAll(target) }
            return try body(target)
        }
    }

    static func cleanContainerPath(_ path: String) throws -> String {
        guard !path.isEmpty else { throw BerthError(.invalidArgument, "path must not be empty") }
        return path.hasPrefix("/") ? path : "/" + path
    }

    /// The host path of `path` inside `root`: the parent resolved without escaping the root, the last
    /// component left as is (so a symlink is reported, not followed).
    static func hostPath(root: String, _ path: String) throws -> (host: String, name: String) {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let parts = trimmed.split(separator: "/").map(String.init)
        guard let last = parts.last, last != "." || parts.count > 1 else { return (try SecureJoin.resolve(root: root, "/"), "/") }
        let parent = "/" + parts.dropLast().joined(separator: "/")
        let resolvedParent = try SecureJoin.resolve(root: root, parent)
        if last == "." || last == ".." { return (try SecureJoin.resolve(root: root, trimmed), parts.count > 1 ? parts[parts.count - 2] : "/") }
        return (resolvedParent + "/" + last, last)
    }

    static func stat(host: String, name: String, path: String, container: String) throws -> ContainerPathStat {
        var st = Glibc.stat()
        guard lstat(host, &st) == 0 else {
            throw BerthError(.notFound, "Could not find the file \(path) in container \(container)")
        }
        var mode = UInt32(st.st_mode & 0o777)
        switch st.st_mode & S_IFMT {
        case S_IFDIR: mode |= 1 << 31
        case S_IFLNK: mode |= 1 << 27
        case S_IFBLK: mode |= 1 << 26
        case S_IFIFO: mode |= 1 << 25
        case S_IFSOCK: mode |= 1 << 24
        case S_IFCHR: mode |= (1 << 26) | (1 << 21)
        default: break
        }
        if st.st_mode & S_ISUID != 0 { mode |= 1 << 23 }
        if st.st_mode & S_ISGID != 0 { mode |= 1 << 22 }
        if st.st_mode & S_ISVTX != 0 { mode |= 1 << 20 }
        let link = (st.st_mode & S_IFMT) == S_IFLNK ? ((try? SecureJoin.readLink(host)) ?? "") : ""
        let nanos = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        return ContainerPathStat(name: name, size: Int64(st.st_size), mode: mode, mtime: LogTime.format(nanos), linkTarget: link)
    }

    /// `HEAD /containers/{id}/archive`.
    public func statPath(_ reference: String, path: String) async throws -> ContainerPathStat {
        let record = try store.find(reference)
        let clean = try Self.cleanContainerPath(path)
        return try await withRootfs(record) { root in
            let (host, name) = try Self.hostPath(root: root, clean)
            return try Self.stat(host: host, name: name, path: clean, container: reference)
        }
    }

    /// `GET /containers/{id}/archive`: the stat and a tar stream of the path.
    public func archive(_ reference: String, path: String) async throws -> (stat: ContainerPathStat, tar: AsyncStream<[UInt8]>) {
        let record = try store.find(reference)
        let clean = try Self.cleanContainerPath(path)
        let pathStat = try await statPath(reference, path: clean)
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        Task {
            _ = try? await self.withRootfs(record) { root in
                let (host, name) = try Self.hostPath(root: root, clean)
                let source = (pathStat.mode & (1 << 27)) != 0 ? host : (try SecureJoin.resolve(root: root, clean))
                try BlockingWork.pipe(into: continuation) { fd in
                    try PathArchiver.write(source: source, name: name == "/" ? "" : name, to: fd)
                }
            }
            continuation.finish()
        }
        return (pathStat, stream)
    }

    /// `PUT /containers/{id}/archive`: extracts the uploaded tar (plain or compressed) into the
    /// directory `path`; entries that would leave the container's root are refused.
    public func extract(_ reference: String, path: String, tarFile: String) async throws {
        let record = try store.find(reference)
        let clean = try Self.cleanContainerPath(path)
        if record.hostConfig.readonlyRootfs {
            throw BerthError(.illegalState, "container rootfs is marked read-only")
        }
        try await withRootfs(record) { root in
            let target = try SecureJoin.resolve(root: root, clean)
            var st = Glibc.stat()
            guard lstat(target, &st) == 0 else {
                throw BerthError(.notFound, "Could not find the file \(clean) in container \(reference)")
            }
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw BerthError(.invalidArgument, "extraction point is not a directory")
            }
            let check = open(tarFile, O_RDONLY | O_CLOEXEC)
            guard check >= 0 else { throw BerthError.sys("open \(tarFile)") }
            defer { close(check) }
            do {
                try ArchiveContainment.check(fileDescriptor: check, label: "archive for \(clean)")
            } catch let error as BerthError {
                throw BerthError(.invalidArgument, error.description)
            }
            let fd = open(tarFile, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw BerthError.sys("open \(tarFile)") }
            defer { close(fd) }
            do {
                _ = try LayerApplier().apply(fileDescriptor: fd, to: target, name: "archive for \(clean)")
            } catch let error as BerthError {
                throw BerthError(.invalidArgument, error.description)
            }
        }
    }
}
