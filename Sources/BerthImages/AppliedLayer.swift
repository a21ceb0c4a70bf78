import BerthCore

/// What applying a layer learned about it while streaming it.
public struct AppliedLayer: Sendable, Equatable {
    /// sha256 of the uncompressed tar stream: the image config's `rootfs.diff_ids` entry.
    public var diffID: Digest
    /// sha256 of the blob as read (compressed or not): the manifest's layer digest.
    public var digest: Digest
    public var compression: LayerCompression
    /// Bytes of the blob as read.
    public var size: Int64
    /// Bytes of the uncompressed tar stream.
    public var uncompressedSize: Int64

    public init(diffID: Digest, digest: Digest, compression: LayerCompression, size: Int64, uncompressedSize: Int64) {
        self.diffID = diffID
        self.digest = digest
        self.compression = compression
        self.size = size
        self.uncompressedSize = uncompressedSize
    }
}
