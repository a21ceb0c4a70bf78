import BerthCore
import BerthLinux
import BerthSnapshots
import Glibc

let runningAsRoot = getuid() == 0

/// Overlay tests need root and a kernel and filesystem (under /tmp) that take overlay upper dirs.
let overlayMountable: Bool = {
    guard runningAsRoot else { return false }
    var template = Array("/tmp/berth-overlay-probe-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { return false }
    let dir = String(cString: made)
    defer { FileIO.removeAll(dir) }
    return SnapshotterFactory.overlaySupported(in: dir)
}()

/// A fresh directory under /tmp, unmounted (everything mounted below it, deepest first) and removed
/// afterwards even when the body fails.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/berth-snapshots-test-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw BerthError.sys("mkdtemp") }
    let dir = String(cString: made)
    defer {
        let mounted = MountInfo.read().map(\.mountPoint).filter { $0.hasPrefix(dir + "/") }
        for point in mounted.sorted(by: { $0.count > $1.count }) { umount2(point, Int32(MNT_DETACH)) }
        FileIO.removeAll(dir)
    }
    return try body(dir)
}

/// Mounts `mounts` on a new directory, runs `body` with it, and unmounts even on failure.
func withMounted<T>(_ mounts: [Mount], under dir: String, _ body: (String) throws -> T) throws -> T {
    let target = dir + "/mnt-\(UInt32.random(in: 0...UInt32.max))"
    try FileIO.mkdirAll(target)
    try Mount.mountAll(mounts, at: target)
    defer {
        try? Mount.unmountAll(target)
        rmdir(target)
    }
    return try body(target)
}

func lstatOrNil(_ path: String) -> stat? {
    var st = stat()
    return lstat(path, &st) == 0 ? st : nil
}

func expectCode(_ code: BerthError.Code, _ body: () throws -> Void) -> BerthError? {
    do {
        try body()
        return nil
    } catch let error as BerthError {
        return error.code == code ? error : nil
    } catch {
        return nil
    }
}
