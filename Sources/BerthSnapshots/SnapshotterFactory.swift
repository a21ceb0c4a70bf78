import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// Picks the snapshotter for a supervisor root: overlayfs when the filesystem under the root can hold
/// overlay upper dirs (not overlay itself, nor some network filesystems), the native copy otherwise.
public enum SnapshotterFactory {
    /// `root` is the supervisor's root; snapshotters live in `<root>/snapshots/<name>`.
    /// `preferred` ("overlayfs" or "native") skips the probe.
    public static func make(root: String, preferred: String? = nil) throws -> any Snapshotter {
        let directory = root + "/snapshots"
        switch preferred {
        case "overlayfs": return try OverlaySnapshotter(root: directory + "/overlayfs")
        case "native": return try NativeSnapshotter(root: directory + "/native")
        case nil:
            try FileIO.mkdirAll(directory, mode: 0o700)
            if overlaySupported(in: directory) { return try OverlaySnapshotter(root: directory + "/overlayfs") }
            return try NativeSnapshotter(root: directory + "/native")
        case let other?:
            throw BerthError(.invalidArgument, "unknown snapshotter \"\(other)\" (expected overlayfs or native)")
        }
    }

    /// Mounts a real overlay (one lower, an upper and a work dir) in a temporary directory under
    /// `directory`: the only reliable test, since support depends on the kernel, privileges and the
    /// filesystem holding the upper dir.
    public static func overlaySupported(in directory: String) -> Bool {
        let probe = directory + "/overlay-probe-\(UInt64.random(in: 0...UInt64.max))"
        defer { FileIO.removeAll(probe) }
        for part in ["lower", "upper", "work", "merged"] {
            guard (try? FileIO.mkdirAll(probe + "/" + part, mode: 0o700)) != nil else { return false }
        }
        let data = "lowerdir=\(probe)/lower,upperdir=\(probe)/upper,workdir=\(probe)/work"
        guard Glibc.mount("overlay", probe + "/merged", "overlay", 0, data) == 0 else { return false }
        umount2(probe + "/merged", Int32(MNT_DETACH))
        return true
    }
}
