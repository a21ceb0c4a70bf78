#if canImport(Glibc)
import Glibc
#endif

/// One tar header, copied out of libarchive so it outlives the next header read.
struct TarEntry {
    enum Kind: Equatable {
        case regular, directory, symlink, hardlink, characterDevice, blockDevice, fifo, socket, unknown
    }

    var path: String
    var kind: Kind
    /// Permission bits including setuid, setgid and sticky.
    var mode: mode_t
    var uid: uid_t
    var gid: gid_t
    var size: Int64
    var mtime: timespec
    var atime: timespec
    /// Symlink target, or the archive path a hardlink points at.
    var linkTarget: String
    var device: dev_t
    var xattrs: [(name: String, value: [UInt8])]
}
