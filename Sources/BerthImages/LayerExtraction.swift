import BerthCore
import BerthLinux
import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// One run of `LayerApplier`: walks the tar entries and materialises them under the target through
/// `RootedTree`, so no path ever resolves outside it.
final class LayerExtraction {
    private let tree: RootedTree
    private let layer: String
    private let options: LayerApplier.Options
    private let reader: TarReader
    /// Cleaned paths written by this layer: an opaque whiteout keeps these and removes the rest.
    private var unpacked: Set<String> = []
    /// Directory times are set last, after their contents stopped changing them.
    private var directoryTimes: [(components: [String], times: [timespec])] = []

    private static let whiteoutPrefix = ".wh."
    private static let opaqueMarker = ".wh..wh..opq"

    init(target: String, layer: String, options: LayerApplier.Options, reader: TarReader) throws {
        tree = try RootedTree(path: target)
        self.layer = layer
        self.options = options
        self.reader = reader
    }

    func run() throws {
        while let entry = try reader.next() {
            try apply(entry)
        }
        for (components, times) in directoryTimes.reversed() {
            try setDirectoryTimes(components, times)
        }
    }

    private func error(_ entry: TarEntry, _ what: String, cause: String? = nil) -> BerthError {
        BerthError(.invalidArgument, "\(layer): entry \"\(entry.path)\": \(what)", cause: cause)
    }

    private func systemError(_ entry: TarEntry, _ what: String) -> BerthError {
        BerthError(.system, "\(layer): entry \"\(entry.path)\": \(what)", cause: errnoText())
    }

    /// Errors from `RootedTree` name the entry but not the layer.
    private func inLayer<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as BerthError {
            throw BerthError(error.code, "\(layer): \(error.message)", cause: error.cause)
        }
    }

    private func apply(_ entry: TarEntry) throws {
        let components = RootedTree.clean(entry.path)
        guard let leaf = components.last else {
            try applyToRoot(entry)
            return
        }
        if leaf.hasPrefix(Self.whiteoutPrefix) {
            try whiteout(entry, components)
            return
        }
        if entry.kind == .socket || (!options.createDeviceNodes && (entry.kind == .characterDevice || entry.kind == .blockDevice)) {
            // Sockets are meaningless in an image; devices need CAP_MKNOD (skipped like containerd in a user namespace).
            return
        }
        let parent = try inLayer { try tree.openDirectory(components.dropLast(), create: true, entry: entry.path) }
        defer { close(parent) }
        let existingIsDirectory = try removeExisting(parent: parent, leaf: leaf, keepDirectory: entry.kind == .directory, entry: entry)
        switch entry.kind {
        case .regular:
            try writeRegular(entry, parent: parent, leaf: leaf)
        case .directory:
            if !existingIsDirectory, mkdirat(parent, leaf, 0o700) != 0 {
                throw systemError(entry, "create directory")
            }
            let fd = openat(parent, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw systemError(entry, "open directory") }
            defer { close(fd) }
            try setMetadata(entry, fd: fd)
            directoryTimes.append((components, [entry.atime, entry.mtime]))
        case .symlink:
            guard symlinkat(entry.linkTarget, parent, leaf) == 0 else { throw systemError(entry, "create symlink") }
            try setMetadata(entry, parent: parent, leaf: leaf, isSymlink: true)
        case .hardlink:
            try link(entry, components: components, parent: parent, leaf: leaf)
        case .characterDevice, .blockDevice, .fifo:
            let type: mode_t = entry.kind == .fifo ? S_IFIFO : (entry.kind == .blockDevice ? S_IFBLK : S_IFCHR)
            guard mknodat(parent, leaf, type | (entry.mode & 0o777), entry.kind == .fifo ? 0 : entry.device) == 0 else {
                throw systemError(entry, "create device node")
            }
            try setMetadata(entry, parent: parent, leaf: leaf, isSymlink: false)
        case .socket, .unknown:
            throw error(entry, "unsupported tar entry type")
        }
        unpacked.insert(components.joined(separator: "/"))
    }

    /// `./` entries carry the root directory's metadata.
    private func applyToRoot(_ entry: TarEntry) throws {
        guard entry.kind == .directory else { throw error(entry, "only a directory can name the layer root") }
        let fd = openat(tree.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw systemError(entry, "open the layer root") }
        defer { close(fd) }
        try setMetadata(entry, fd: fd)
        directoryTimes.append(([], [entry.atime, entry.mtime]))
    }

    /// Clears the way for a new entry. An existing directory stays when a directory replaces it
    /// (tar lists directories again to update their metadata); anything else is removed rather
    /// than written through, so an existing symlink is never followed. Returns whether a
    /// directory was kept.
    private func removeExisting(parent: Int32, leaf: String, keepDirectory: Bool, entry: TarEntry) throws -> Bool {
        var st = stat()
        guard fstatat(parent, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return false }
            throw systemError(entry, "stat")
        }
        if keepDirectory && (st.st_mode & S_IFMT) == S_IFDIR { return true }
        try inLayer { try RootedTree.removeTree(parent: parent, name: leaf, entry: entry.path) }
        return false
    }

    private func writeRegular(_ entry: TarEntry, parent: Int32, leaf: String) throws {
        let fd = openat(parent, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw systemError(entry, "create file") }
        defer { close(fd) }
        try reader.readData { chunk, offset in
            guard let base = chunk.baseAddress else { return }
            var done = 0
            while done < chunk.count {
                let n = pwrite(fd, base + done, chunk.count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw systemError(entry, "write")
                }
                done += n
            }
        }
        // Sparse entries end in a hole that no data block covers.
        guard ftruncate(fd, off_t(entry.size)) == 0 else { throw systemError(entry, "truncate") }
        try setMetadata(entry, fd: fd)
        var times = [entry.atime, entry.mtime]
        guard futimens(fd, &times) == 0 else { throw systemError(entry, "set times") }
    }

    private func link(_ entry: TarEntry, components: [String], parent: Int32, leaf: String) throws {
        let targetComponents = RootedTree.clean(entry.linkTarget)
        guard let targetLeaf = targetComponents.last else { throw error(entry, "hardlink to the layer root") }
        if targetComponents == components { return }
        let targetParent: Int32
        do {
            targetParent = try tree.openDirectory(targetComponents.dropLast(), create: false, entry: entry.path)
        } catch let failure as BerthError where failure.code == .notFound {
            throw error(entry, "hardlink target \"\(entry.linkTarget)\" does not exist in the layer root")
        }
        defer { close(targetParent) }
        guard linkat(targetParent, targetLeaf, parent, leaf, 0) == 0 else {
            if errno == ENOENT { throw error(entry, "hardlink target \"\(entry.linkTarget)\" does not exist in the layer root") }
            throw systemError(entry, "hardlink to \"\(entry.linkTarget)\"")
        }
    }

    private func whiteout(_ entry: TarEntry, _ components: [String]) throws {
        guard let base = components.last else { return }
        let parentComponents = components.dropLast()
        if base == Self.opaqueMarker {
            let directory = try inLayer { try tree.openDirectory(parentComponents, create: true, entry: entry.path) }
            defer { close(directory) }
            try removeOlderChildren(directory: directory, prefix: parentComponents.joined(separator: "/"), entry: entry)
            return
        }
        // Other `.wh..wh.` names are aufs bookkeeping (hardlink directories), not whiteouts.
        if base.hasPrefix(Self.whiteoutPrefix + Self.whiteoutPrefix) { return }
        let original = String(base.dropFirst(Self.whiteoutPrefix.count))
        guard !original.isEmpty, original != ".", original != ".." else {
            throw error(entry, "invalid whiteout name \"\(base)\"")
        }
        let parent: Int32
        do {
            parent = try tree.openDirectory(parentComponents, create: false, entry: entry.path)
        } catch let failure as BerthError where failure.code == .notFound {
            return  // nothing below to hide
        }
        defer { close(parent) }
        try inLayer { try RootedTree.removeTree(parent: parent, name: original, entry: entry.path) }
    }

    /// Opaque directory: everything not written by this layer goes, recursively (containerd's rule).
    private func removeOlderChildren(directory: Int32, prefix: String, entry: TarEntry) throws {
        for name in try inLayer({ try RootedTree.list(directory, entry: entry.path) }) {
            let path = prefix.isEmpty ? name : prefix + "/" + name
            guard unpacked.contains(path) else {
                try inLayer { try RootedTree.removeTree(parent: directory, name: name, entry: entry.path) }
                continue
            }
            let child = openat(directory, name, OpenFlag.path | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 {
                defer { close(child) }
                try removeOlderChildren(directory: child, prefix: path, entry: entry)
            }
        }
    }

    // MARK: metadata

    /// Owner, then mode (chown clears setuid), then xattrs (chown clears security.capability).
    private func setMetadata(_ entry: TarEntry, fd: Int32) throws {
        if options.applyOwnership {
            guard fchown(fd, entry.uid, entry.gid) == 0 else { throw systemError(entry, "chown") }
        }
        guard fchmod(fd, entry.mode) == 0 else { throw systemError(entry, "chmod") }
        for (name, value) in entry.xattrs where keepXattr(name) {
            let status = value.withUnsafeBytes { fsetxattr(fd, name, $0.baseAddress, $0.count, 0) }
            if status != 0 { try xattrFailed(entry, name) }
        }
    }

    /// For entries that must not be opened (symlinks, devices, fifos): *at calls on the parent.
    private func setMetadata(_ entry: TarEntry, parent: Int32, leaf: String, isSymlink: Bool) throws {
        if options.applyOwnership {
            guard fchownat(parent, leaf, entry.uid, entry.gid, AT_SYMLINK_NOFOLLOW) == 0 else { throw systemError(entry, "chown") }
        }
        if !isSymlink {
            guard fchmodat(parent, leaf, entry.mode, 0) == 0 else { throw systemError(entry, "chmod") }
        }
        // lsetxattr through the parent's /proc fd link: the leaf itself is not followed.
        let procPath = "/proc/self/fd/\(parent)/\(leaf)"
        for (name, value) in entry.xattrs where keepXattr(name) {
            let status = value.withUnsafeBytes { lsetxattr(procPath, name, $0.baseAddress, $0.count, 0) }
            if status != 0 { try xattrFailed(entry, name) }
        }
        var times = [entry.atime, entry.mtime]
        guard utimensat(parent, leaf, &times, AT_SYMLINK_NOFOLLOW) == 0 else { throw systemError(entry, "set times") }
    }

    /// overlayfs keeps its own state in trusted.overlay.*; a layer must not forge it.
    private func keepXattr(_ name: String) -> Bool {
        !name.hasPrefix("trusted.overlay.")
    }

    /// Filesystems without xattr support, and trusted.* without CAP_SYS_ADMIN, lose the attribute
    /// (as containerd does); anything else is an error.
    private func xattrFailed(_ entry: TarEntry, _ name: String) throws {
        let code = errno
        if code == ENOTSUP || code == EOPNOTSUPP { return }
        if code == EPERM && geteuid() != 0 { return }
        throw BerthError(.system, "\(layer): entry \"\(entry.path)\": set xattr \(name)", cause: errnoText(code))
    }

    private func setDirectoryTimes(_ components: [String], _ times: [timespec]) throws {
        var times = times
        guard let leaf = components.last else {
            guard utimensat(tree.fd, ".", &times, 0) == 0 else {
                throw BerthError(.system, "\(layer): set times of the layer root", cause: errnoText())
            }
            return
        }
        let parent: Int32
        do {
            parent = try tree.openDirectory(components.dropLast(), create: false, entry: components.joined(separator: "/"))
        } catch let failure as BerthError where failure.code == .notFound {
            return  // removed by a later entry of the same layer
        }
        defer { close(parent) }
        if utimensat(parent, leaf, &times, AT_SYMLINK_NOFOLLOW) != 0 && errno != ENOENT {
            throw BerthError(.system, "\(layer): entry \"\(components.joined(separator: "/"))\": set times", cause: errnoText())
        }
    }
}
