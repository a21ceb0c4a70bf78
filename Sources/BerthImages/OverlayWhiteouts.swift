import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// How overlayfs records deletions in an upper directory: a removed name is a 0:0 character device,
/// and a directory that hides everything below it carries `trusted.overlay.opaque=y`
/// (`user.overlay.opaque` on unprivileged `userxattr` mounts). Extended attributes in the
/// `trusted.overlay.` / `user.overlay.` namespaces are overlayfs bookkeeping, never image content.
enum OverlayWhiteouts {
    static func isWhiteout(_ st: stat) -> Bool {
        (st.st_mode & S_IFMT) == S_IFCHR && st.st_rdev == 0
    }

    static func isOpaque(_ path: String) -> Bool {
        for name in ["trusted.overlay.opaque", "user.overlay.opaque"] {
            var value = [UInt8](repeating: 0, count: 8)
            let n = value.withUnsafeMutableBytes { lgetxattr(path, name, $0.baseAddress, $0.count) }
            if n == 1 && value[0] == UInt8(ascii: "y") { return true }
        }
        return false
    }

    static func isOverlayAttribute(_ name: String) -> Bool {
        name.hasPrefix("trusted.overlay.") || name.hasPrefix("user.overlay.")
    }
}
