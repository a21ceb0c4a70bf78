import BerthContent
import BerthCore
import BerthImages
import BerthLinux
import Foundation
import Testing

/// Container layers from overlay upper directories: crafted ones (mknod 0:0 whiteouts, opaque
/// xattrs) and ones a real overlay mount produced.
@Suite("LayerDiffWriter and ChangesScanner", .enabled(if: geteuid() == 0, "mknod and trusted.* xattrs need root"))
struct LayerDiffWriterTests {
    /// lower: /etc/{a,b}, /gone, /dir/{x,y}, /keep/; upper: /etc/a modified, /etc/new added,
    /// /gone whited out, /dir opaque with only z, /link symlink, /h1 + /h2 hardlinked.
    func craft(_ scratch: ScratchDirectory) throws -> (upper: String, lower: String) {
        let lower = try scratch.makeDirectory("lower")
        let upper = try scratch.makeDirectory("upper")
        for dir in ["etc", "dir", "keep"] { try FileIO.mkdirAll(lower + "/" + dir) }
        for file in ["etc/a", "etc/b", "gone", "dir/x", "dir/y"] { try write(lower + "/" + file, "lower \(file)\n") }
        try FileIO.mkdirAll(upper + "/etc")
        try FileIO.mkdirAll(upper + "/dir")
        try write(upper + "/etc/a", "changed\n")
        try write(upper + "/etc/new", "new\n")
        try write(upper + "/dir/z", "z\n")
        #expect(mknod(upper + "/gone", S_IFCHR | 0o000, 0) == 0)
        try setXattr(upper + "/dir", "trusted.overlay.opaque", "y")
        #expect(symlink("/etc/a", upper + "/link") == 0)
        // The lower /etc is older than the upper one: a directory is modified when its mtime differs,
        // and two made in the same clock tick would compare equal.
        _ = try runChecked("touch", ["-d", "2020-01-01", lower + "/etc"])
        try write(upper + "/h1", "linked\n")
        #expect(link(upper + "/h1", upper + "/h2") == 0)
        return (upper, lower)
    }

    /// Through python: Glibc's Swift module leaves out <sys/xattr.h>.
    func setXattr(_ path: String, _ name: String, _ value: String) throws {
        _ = try runChecked("python3", ["-c", "import os,sys; os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())", path, name, value])
    }

    func write(_ path: String, _ text: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw BerthError(.system, "create \(path)")
        }
    }

    func writeLayer(_ upper: String, _ scratch: ScratchDirectory) throws -> (LayerDiffWriter.Result, String) {
        let path = scratch.sub("layer.tar.gz")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        return (try LayerDiffWriter().write(upperDirectory: upper, to: fd), path)
    }

    @Test func craftedUpperBecomesAnOCILayerWithWhiteouts() throws {
        let scratch = try ScratchDirectory()
        let (upper, _) = try craft(scratch)
        let (result, path) = try writeLayer(upper, scratch)
        let listing = try runChecked("tar", ["-tvzf", path])
        let names = try runChecked("tar", ["-tzf", path]).split(separator: "\n").map(String.init)
        #expect(names == ["dir/", "dir/.wh..wh..opq", "dir/z", "etc/", "etc/a", "etc/new", ".wh.gone", "h1", "h2", "link"], "\(listing)")
        #expect(listing.contains("h2 link to h1"), "\(listing)")
        #expect(listing.contains("link -> /etc/a"), "\(listing)")
        #expect(try runChecked("tar", ["-xOzf", path, "etc/a"]) == "changed\n")

        // The digests are those of the blob and of the tar inside it.
        let blob = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(SHA256Hasher.digest(blob) == result.digest)
        #expect(Int64(blob.count) == result.size)
        _ = try runChecked("sh", ["-c", "gunzip -c \(path) > \(scratch.sub("layer.tar"))"])
        let tar = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.sub("layer.tar"))))
        #expect(SHA256Hasher.digest(tar) == result.diffID)

        // Applied onto the lower directory, the layer gives the merged view.
        let lowerCopy = scratch.sub("applied")
        _ = try runChecked("cp", ["-a", scratch.sub("lower"), lowerCopy])
        try LayerApplier().apply(layerAt: path, to: lowerCopy)
        #expect(!FileManager.default.fileExists(atPath: lowerCopy + "/gone"))
        #expect(try FileIO.list(lowerCopy + "/dir") == ["z"])
        #expect(FileManager.default.fileExists(atPath: lowerCopy + "/etc/b"))
        #expect(try String(contentsOfFile: lowerCopy + "/etc/a", encoding: .utf8) == "changed\n")
    }

    @Test func overlayXattrsAreLeftOutAndOthersKept() throws {
        let scratch = try ScratchDirectory()
        let upper = try scratch.makeDirectory("upper")
        try write(upper + "/f", "x")
        try setXattr(upper + "/f", "user.keep", "1")
        try setXattr(upper + "/f", "trusted.overlay.origin", "zz")
        let (_, path) = try writeLayer(upper, scratch)
        let out = scratch.sub("out")
        try FileIO.mkdirAll(out)
        try LayerApplier().apply(layerAt: path, to: out)
        let names = try runChecked("python3", ["-c", "import os,sys; print(os.listxattr(sys.argv[1]))", out + "/f"])
        #expect(names.contains("user.keep"))
        #expect(!names.contains("trusted.overlay"))
    }

    @Test func changesFollowDockerDiff() throws {
        let scratch = try ScratchDirectory()
        let (upper, lower) = try craft(scratch)
        let changes = try ChangesScanner.overlayChanges(upperDirectory: upper, lowerDirectories: [lower]).map(\.description)
        #expect(changes == ["D /dir", "A /dir/z", "C /etc", "C /etc/a", "A /etc/new", "D /gone", "A /h1", "A /h2", "A /link"])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/filesystems")
                   && ((try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8))?.contains("overlay") ?? false),
                   "the kernel has no overlayfs"))
    func realOverlayMountChanges() throws {
        let scratch = try ScratchDirectory()
        let lower = try scratch.makeDirectory("lower")
        let upper = try scratch.makeDirectory("upper")
        let work = try scratch.makeDirectory("work")
        let merged = try scratch.makeDirectory("merged")
        try FileIO.mkdirAll(lower + "/etc")
        try FileIO.mkdirAll(lower + "/var/cache")
        try write(lower + "/etc/passwd", "root\n")
        try write(lower + "/etc/hosts", "hosts\n")
        try write(lower + "/var/cache/c1", "c1\n")
        _ = try runChecked("touch", ["-d", "2020-01-01", lower + "/etc", lower + "/var", lower + "/var/cache"])
        _ = try runChecked("mount", ["-t", "overlay", "overlay", "-o", "lowerdir=\(lower),upperdir=\(upper),workdir=\(work)", merged])
        do {
            _ = try runChecked("sh", ["-c", "cd \(merged) && rm etc/hosts && echo x >> etc/passwd && rm -rf var/cache && mkdir var/cache && echo n > var/cache/n && mkdir tmp"])
        } catch {
            _ = try? run("umount", [merged])
            throw error
        }
        _ = try runChecked("umount", [merged])
        let changes = try ChangesScanner.overlayChanges(upperDirectory: upper, lowerDirectories: [lower]).map(\.description)
        #expect(changes == ["C /etc", "D /etc/hosts", "C /etc/passwd", "A /tmp", "C /var", "D /var/cache", "A /var/cache/n"])
        let (_, path) = try writeLayer(upper, scratch)
        let names = try runChecked("tar", ["-tzf", path]).split(separator: "\n").map(String.init)
        #expect(names == ["etc/", "etc/.wh.hosts", "etc/passwd", "tmp/", "var/", "var/cache/", "var/cache/.wh..wh..opq", "var/cache/n"])
    }
}
