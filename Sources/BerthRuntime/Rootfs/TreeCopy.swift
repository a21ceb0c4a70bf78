import BerthCore
import BerthLinux
import Glibc

/// Copies a directory tree (files, directories, symlinks; owners and modes kept). Used for
/// tmpcopyup, where the source is inside the container rootfs.
enum TreeCopy {
    static func copyContents(of source: String, into destination: String) throws {
        guard FileIO.isDirectory(source) else { return }
        for name in try FileIO.list(source) {
            try copy(source + "/" + name, to: destination + "/" + name)
        }
        var st = stat()
        if stat(source, &st) == 0 {
            chmod(destination, st.st_mode & 0o7777)
            chown(destination, st.st_uid, st.st_gid)
        }
    }

    static func copy(_ source: String, to destination: String) throws {
        var st = stat()
        guard lstat(source, &st) == 0 else { throw BerthError.sys("lstat \(source)") }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            guard mkdir(destination, st.st_mode & 0o7777) == 0 || errno == EEXIST else { throw BerthError.sys("mkdir \(destination)") }
            try copyContents(of: source, into: destination)
        case S_IFLNK:
            let target = try SecureJoin.readLink(source)
            guard symlink(target, destination) == 0 else { throw BerthError.sys("symlink \(destination)") }
            lchown(destination, st.st_uid, st.st_gid)
        case S_IFREG:
            let bytes = try FileIO.read(source)
            try FileIO.write(destination, bytes, mode: UInt32(st.st_mode & 0o7777))
            chmod(destination, st.st_mode & 0o7777)
            chown(destination, st.st_uid, st.st_gid)
        default:
            break
        }
    }
}
