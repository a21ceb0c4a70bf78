import BerthContent
import BerthCore
import BerthLinux
import BerthOCI
#if canImport(Glibc)
import Glibc
#endif

/// Applies OCI layer blobs (plain tar, gzip or zstd, told apart by their magic bytes) onto a
/// directory, returning the diffID computed over the very bytes that were extracted.
///
/// Whiteouts use the target directory's semantics: `.wh.<name>` removes `<name>`, and
/// `.wh..wh..opq` removes whatever the directory held before this layer. Applied into an overlay
/// mount, those removals produce the overlay whiteouts themselves.
///
/// Containment policy: every entry is placed inside the target, whatever its name or the
/// symlinks on its way. Paths are cleaned lexically against `/` (`../x` and `/x` both mean
/// `<target>/x`, as containerd does), and each component is resolved in-root with O_NOFOLLOW, so a
/// symlink (`link -> /etc`, or a chain ending in `../../..`) is followed as if the target were `/`:
/// `link/passwd` lands in `<target>/etc/passwd`, never the host's. Hardlink targets resolve the same
/// way and must already exist in the layer stack. An existing leaf is removed before it is
/// replaced, never written through. What cannot be contained is an error naming the entry:
/// whiteouts of `.` or `..`, a hardlink to a missing file, replacing the root itself.
public struct LayerApplier: Sendable {
    public struct Options: Sendable {
        /// chown entries to their numeric uid/gid (needs CAP_CHOWN; off by default when not root).
        public var applyOwnership: Bool
        /// Create character and block devices (needs CAP_MKNOD); skipped when false.
        public var createDeviceNodes: Bool

        public init(applyOwnership: Bool = geteuid() == 0, createDeviceNodes: Bool = geteuid() == 0) {
            self.applyOwnership = applyOwnership
            self.createDeviceNodes = createDeviceNodes
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Applies the blob at `blobPath` onto `target`. `name` labels errors (defaults to the path).
    /// With `expectedDigest` / `expectedDiffID`, a mismatch is an error after extraction: the
    /// caller discards the target (a snapshot) then.
    @discardableResult
    public func apply(layerAt blobPath: String, to target: String, name: String? = nil,
                      expectedDigest: Digest? = nil, expectedDiffID: Digest? = nil) throws -> AppliedLayer {
        let label = name ?? blobPath
        let fd = open(blobPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw BerthError(.notFound, "layer \(label): not found") }
            throw BerthError(.system, "layer \(label): open", cause: errnoText())
        }
        defer { close(fd) }
        return try apply(fileDescriptor: fd, to: target, name: label, expectedDigest: expectedDigest, expectedDiffID: expectedDiffID)
    }

    /// Applies the layer `descriptor` from the content store. The store verified the blob's digest when
    /// it was committed, so only the diffID (the uncompressed stream) is hashed here.
    @discardableResult
    public func apply(_ descriptor: Descriptor, from store: ContentStore, to target: String,
                      expectedDiffID: Digest? = nil) throws -> AppliedLayer {
        let path = store.path(of: descriptor.digest)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw BerthError(.notFound, "layer \(descriptor.digest): not found") }
            throw BerthError(.system, "layer \(descriptor.digest): open", cause: errnoText())
        }
        defer { close(fd) }
        return try apply(fileDescriptor: fd, to: target, name: "layer \(descriptor.digest)",
                         expectedDiffID: expectedDiffID, knownDigest: descriptor.digest)
    }

    /// Applies the layer read from `fd` (read to its end; the caller keeps ownership).
    @discardableResult
    public func apply(fileDescriptor fd: Int32, to target: String, name: String,
                      expectedDigest: Digest? = nil, expectedDiffID: Digest? = nil, knownDigest: Digest? = nil) throws -> AppliedLayer {
        let label = name.hasPrefix("layer ") ? name : "layer \(name)"
        let source = try DecompressingReader(fd: fd, name: label, knownDigest: knownDigest)
        let reader = try TarReader(source: source)
        let extraction = try LayerExtraction(target: target, layer: label, options: options, reader: reader)
        try extraction.run()
        let (digest, diffID) = try source.digests()
        if let expectedDigest, expectedDigest != digest {
            throw BerthError(.invalidArgument, "\(label): content digest \(digest) does not match the expected \(expectedDigest)")
        }
        if let expectedDiffID, expectedDiffID != diffID {
            throw BerthError(.invalidArgument, "\(label): diffID \(diffID) does not match the expected \(expectedDiffID)")
        }
        return AppliedLayer(diffID: diffID, digest: digest, compression: source.compression,
                            size: source.compressedSize, uncompressedSize: source.uncompressedSize)
    }
}
