import BerthCore
import BerthLinux
import BerthSnapshots
import Glibc
import Testing

/// The returned mounts, mounted for real: layering, whiteouts, read-only views.
@Suite(.enabled(if: overlayMountable, "mounting overlay needs root and a kernel and /tmp filesystem that support it"))
struct OverlayMountTests {
    @Test func layersHideAndDeleteThroughOverlay() throws {
        try withTemporaryDirectory { dir in
            let s = try OverlaySnapshotter(root: dir + "/overlayfs")
            let baseMounts = try s.prepare(namespace: "default", key: "base-a", parent: nil, labels: [:])
            try withMounted(baseMounts, under: dir) { root throws in
                try FileIO.write(root + "/shared.txt", "base")
                try FileIO.write(root + "/doomed.txt", "bye")
                try FileIO.mkdirAll(root + "/etc")
                try FileIO.write(root + "/etc/kept", "kept")
            }
            try s.commit(namespace: "default", name: "base", key: "base-a", labels: [:])

            let childMounts = try s.prepare(namespace: "default", key: "child-a", parent: "base", labels: [:])
            #expect(childMounts[0].type == "overlay")
            try withMounted(childMounts, under: dir) { root throws in
                #expect(try FileIO.readString(root + "/shared.txt") == "base")
                try FileIO.write(root + "/shared.txt", "child")
                #expect(unlink(root + "/doomed.txt") == 0)
                try FileIO.write(root + "/new.txt", "new")
            }
            try s.commit(namespace: "default", name: "child", key: "child-a", labels: [:])

            // A view over both layers: an overlay of two lowers, read-only.
            let view = try s.view(namespace: "default", key: "view", parent: "child", labels: [:])
            #expect(view[0].type == "overlay" && !view[0].options.contains { $0.hasPrefix("upperdir=") })
            try withMounted(view, under: dir) { root throws in
                #expect(try FileIO.readString(root + "/shared.txt") == "child", "the upper layer's file hides the parent's")
                #expect(!FileIO.exists(root + "/doomed.txt"), "the whiteout hides the parent's file")
                #expect(try FileIO.readString(root + "/etc/kept") == "kept")
                #expect(try FileIO.readString(root + "/new.txt") == "new")
                let refused = expectCode(.system) { try FileIO.write(root + "/x", "no") }
                #expect(refused?.cause == "read-only file system")
            }
            // The parent layer itself is untouched.
            let baseView = try s.view(namespace: "default", key: "base-view", parent: "base", labels: [:])
            #expect(baseView == [Mount(type: "bind", source: baseView[0].source, options: ["ro", "rbind"])])
            try withMounted(baseView, under: dir) { root throws in
                #expect(try FileIO.readString(root + "/shared.txt") == "base")
                #expect(FileIO.exists(root + "/doomed.txt"))
                #expect(expectCode(.system) { try FileIO.write(root + "/shared.txt", "no") } != nil, "a view is read-only")
            }
            #expect(expectCode(.illegalState) { try s.remove(namespace: "default", key: "base") } != nil)
            try s.remove(namespace: "default", key: "view")
            try s.remove(namespace: "default", key: "base-view")
            try s.remove(namespace: "default", key: "child")
            try s.remove(namespace: "default", key: "base")
        }
    }
}

@Suite(.enabled(if: runningAsRoot, "bind mounts, chown and device nodes need root"))
struct NativeMountTests {
    @Test func lifecycleThroughBindMounts() throws {
        try withTemporaryDirectory { dir in
            let s = try NativeSnapshotter(root: dir + "/native")
            let base = try s.prepare(namespace: "default", key: "a", parent: nil, labels: [:])
            try withMounted(base, under: dir) { root throws in
                try FileIO.write(root + "/shared.txt", "base")
                try FileIO.write(root + "/doomed.txt", "bye")
            }
            try s.commit(namespace: "default", name: "base", key: "a", labels: [:])
            let child = try s.prepare(namespace: "default", key: "b", parent: "base", labels: [:])
            try withMounted(child, under: dir) { root throws in
                #expect(try FileIO.readString(root + "/shared.txt") == "base")
                try FileIO.write(root + "/shared.txt", "child")
                #expect(unlink(root + "/doomed.txt") == 0)
            }
            try s.commit(namespace: "default", name: "child", key: "b", labels: [:])
            let view = try s.view(namespace: "default", key: "v", parent: "child", labels: [:])
            #expect(view[0].options == ["ro", "rbind"])
            try withMounted(view, under: dir) { root throws in
                #expect(try FileIO.readString(root + "/shared.txt") == "child")
                #expect(!FileIO.exists(root + "/doomed.txt"))
                #expect(expectCode(.system) { try FileIO.write(root + "/x", "no") }?.cause == "read-only file system")
            }
            let baseView = try s.view(namespace: "default", key: "bv", parent: "base", labels: [:])
            try withMounted(baseView, under: dir) { root throws in
                #expect(try FileIO.readString(root + "/shared.txt") == "base", "the parent's copy is untouched")
            }
        }
    }

    @Test func copyPreservesOwnersModesLinksDevicesXattrsAndTimes() throws {
        try withTemporaryDirectory { dir in
            let s = try NativeSnapshotter(root: dir + "/native")
            let fs = try s.prepare(namespace: "default", key: "a", parent: nil, labels: [:])[0].source
            try FileIO.write(fs + "/suid", "x")
            #expect(chown(fs + "/suid", 1234, 5678) == 0)
            #expect(chmod(fs + "/suid", 0o4751) == 0)
            #expect(link(fs + "/suid", fs + "/suid-hardlink") == 0)
            #expect(symlink("../nowhere", fs + "/dangling") == 0)
            #expect(lchown(fs + "/dangling", 42, 43) == 0)
            #expect(mkfifo(fs + "/fifo", 0o640) == 0)
            #expect(mknod(fs + "/null", S_IFCHR | 0o666, nullDevice) == 0)
            try FileIO.mkdirAll(fs + "/tmp")
            #expect(chmod(fs + "/tmp", 0o1777) == 0)
            let xattrSet = setUserXattr(fs + "/suid", "user.berth", "value")
            var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 5), timespec(tv_sec: 1_100_000_000, tv_nsec: 7)]
            #expect(utimensat(AT_FDCWD, fs + "/tmp", &times, 0) == 0)
            #expect(utimensat(AT_FDCWD, fs + "/dangling", &times, AT_SYMLINK_NOFOLLOW) == 0)
            try s.commit(namespace: "default", name: "base", key: "a", labels: [:])

            let copy = try s.prepare(namespace: "default", key: "b", parent: "base", labels: [:])[0].source
            let suid = try #require(lstatOrNil(copy + "/suid"))
            #expect(suid.st_uid == 1234 && suid.st_gid == 5678 && suid.st_mode & 0o7777 == 0o4751)
            let hard = try #require(lstatOrNil(copy + "/suid-hardlink"))
            #expect(hard.st_ino == suid.st_ino && suid.st_nlink == 2, "hardlinks stay hardlinks")
            var buffer = [CChar](repeating: 0, count: 64)
            let n = readlink(copy + "/dangling", &buffer, 63)
            #expect(n > 0 && String(cString: Array(buffer[0..<n]) + [0]) == "../nowhere")
            let link = try #require(lstatOrNil(copy + "/dangling"))
            #expect(link.st_uid == 42 && link.st_mtim.tv_sec == 1_100_000_000)
            #expect(try #require(lstatOrNil(copy + "/fifo")).st_mode & S_IFMT == S_IFIFO)
            let null = try #require(lstatOrNil(copy + "/null"))
            #expect(null.st_mode & S_IFMT == S_IFCHR && null.st_rdev == nullDevice)
            let tmp = try #require(lstatOrNil(copy + "/tmp"))
            #expect(tmp.st_mode & 0o7777 == 0o1777 && tmp.st_mtim.tv_sec == 1_100_000_000 && tmp.st_mtim.tv_nsec == 7)
            if xattrSet {
                #expect(getUserXattr(copy + "/suid", "user.berth") == "value")
            }
        }
    }
}

/// makedev(1, 3) (Glibc's macro is not imported): /dev/null.
private let nullDevice = dev_t((1 << 8) | 3)

// xattr calls through dlsym, as the Glibc module does not import sys/xattr.h.
private typealias SetXattr = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeRawPointer?, Int, Int32) -> Int32
private typealias GetXattr = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, Int) -> Int

private func setUserXattr(_ path: String, _ name: String, _ value: String) -> Bool {
    guard let symbol = dlsym(nil, "lsetxattr") else { return false }
    let set = unsafeBitCast(symbol, to: SetXattr.self)
    let bytes = Array(value.utf8)
    return bytes.withUnsafeBytes { set(path, name, $0.baseAddress, $0.count, 0) } == 0
}

private func getUserXattr(_ path: String, _ name: String) -> String? {
    guard let symbol = dlsym(nil, "lgetxattr") else { return nil }
    let get = unsafeBitCast(symbol, to: GetXattr.self)
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = buffer.withUnsafeMutableBytes { get(path, name, $0.baseAddress, $0.count) }
    return n < 0 ? nil : String(decoding: buffer[0..<n], as: UTF8.self)
}
