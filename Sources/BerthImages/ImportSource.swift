import BerthCore

/// The files of an image archive, however they are stored (a directory, a tar stream).
/// Paths are archive-relative and cleaned (`./manifest.json` is `manifest.json`).
protocol ImportSource {
    /// Names the archive in errors.
    var label: String { get }
    func exists(_ path: String) -> Bool
    /// A small file's bytes (index.json, manifest.json, a config); bounded in size.
    func metadata(_ path: String) throws -> [UInt8]
    /// Puts the file in the content store, verified against `expected` when given.
    func blob(_ path: String, expected: Digest?) throws -> (digest: Digest, size: Int64)
}

enum ArchivePath {
    /// Metadata files are read into memory; nothing an image archive describes itself with is big.
    static let metadataLimit = 16 << 20

    static func clean(_ path: String) -> String {
        RootedTree.clean(path).joined(separator: "/")
    }

    /// `blobs/<algorithm>/<encoded>` for a digest, as OCI layouts and docker 25+ archives store it.
    static func blobPath(_ digest: Digest) -> String {
        "blobs/\(digest.algorithm)/\(digest.encoded)"
    }

    /// The digest a path promises by its name: `blobs/sha256/<hex>`, or docker's `<hex>.json` config.
    static func impliedDigest(_ path: String) -> Digest? {
        let parts = path.split(separator: "/").map(String.init)
        if parts.count == 3, parts[0] == "blobs" {
            return try? Digest(parsing: "\(parts[1]):\(parts[2])")
        }
        if parts.count == 1, parts[0].hasSuffix(".json") {
            return try? Digest(parsing: "sha256:" + parts[0].dropLast(5))
        }
        return nil
    }
}
