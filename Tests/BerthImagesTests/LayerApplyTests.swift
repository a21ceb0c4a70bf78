import BerthCore
import BerthImages
import BerthLinux
import Foundation
import Testing

struct LayerApplyTests {
    @Test(.enabled(if: isRoot, "creates device nodes, chowns and sets security.* xattrs: needs root"))
    func everyEntryTypeAndItsMetadata() throws {
        let scratch = try ScratchDirectory()
        let tar = scratch.sub("layer.tar")
        let root = try scratch.makeDirectory("root")
        let longName = "deep/" + String(repeating: "n", count: 180) + "/file-with-a-long-name"
        try buildTar(tar, """
        d("dir", mode=0o750, uid=1000, gid=2000, mtime=1500000000)
        f("dir/file", b"hello", mode=0o4755, uid=1000, gid=2000, mtime=1234567890)
        d("tmp", mode=0o1777)
        sym("dir/link", "file", uid=1000, gid=2000)
        hard("dir/hard", "dir/file")
        dev("dev-null", "c", 1, 3)
        dev("dev-loop", "b", 7, 0, mode=0o660)
        fifo("pipe", mode=0o600)
        f("cap", b"#!", mode=0o755, pax_headers={"SCHILY.xattr.security.capability": "\\x01\\x00\\x00\\x02\\x00\\x04\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00", "SCHILY.xattr.user.note": "kept"})
        f("\(longName)", b"long")
        """)
        let applied = try LayerApplier().apply(layerAt: tar, to: root)
        #expect(applied.diffID.description == (try sha256sum(tar)))
        #expect(applied.compression == .none)

        let file = try #require(lstatOf(root + "/dir/file"))
        #expect(file.st_mode & 0o7777 == 0o4755)
        #expect(file.st_uid == 1000 && file.st_gid == 2000)
        #expect(file.st_mtim.tv_sec == 1234567890)
        #expect(file.st_nlink == 2)
        #expect(readText(root + "/dir/file") == "hello")
        let hard = try #require(lstatOf(root + "/dir/hard"))
        #expect(hard.st_ino == file.st_ino)

        let dir = try #require(lstatOf(root + "/dir"))
        #expect(dir.st_mode & 0o7777 == 0o750)
        #expect(dir.st_uid == 1000)
        // Set after its children were created.
        #expect(dir.st_mtim.tv_sec == 1500000000)
        #expect(try #require(lstatOf(root + "/tmp")).st_mode & 0o7777 == 0o1777)

        let link = try #require(lstatOf(root + "/dir/link"))
        #expect(link.st_mode & S_IFMT == S_IFLNK)
        #expect(link.st_uid == 1000)
        #expect(try SecureJoin.readLink(root + "/dir/link") == "file")

        let null = try #require(lstatOf(root + "/dev-null"))
        #expect(null.st_mode & S_IFMT == S_IFCHR)
        #expect(null.st_rdev == makeDevice(1, 3))
        let loop = try #require(lstatOf(root + "/dev-loop"))
        #expect(loop.st_mode & S_IFMT == S_IFBLK)
        #expect(loop.st_mode & 0o777 == 0o660)
        #expect(try #require(lstatOf(root + "/pipe")).st_mode & S_IFMT == S_IFIFO)

        #expect(xattr(root + "/cap", "security.capability")?.count == 20)
        #expect(xattr(root + "/cap", "user.note").map { String(decoding: $0, as: UTF8.self) } == "kept")
        #expect(readText(root + "/" + longName) == "long")
    }

    @Test func whiteoutsAndOpaqueDirectoriesAcrossTwoLayers() throws {
        let scratch = try ScratchDirectory()
        let root = try scratch.makeDirectory("root")
        try buildTar(scratch.sub("lower.tar"), """
        d("a"); f("a/gone", b"1"); f("a/stays", b"2")
        d("b"); f("b/inside", b"3")
        d("opaque"); f("opaque/old", b"4"); d("opaque/olddir"); f("opaque/olddir/deep", b"5")
        f("top", b"6")
        """)
        try buildTar(scratch.sub("upper.tar"), """
        f("a/.wh.gone")
        f(".wh.b")
        d("opaque"); f("opaque/.wh..wh..opq"); f("opaque/new", b"7")
        f(".wh.never-existed")
        f("missing-parent/.wh.x")
        """)
        let applier = LayerApplier()
        try applier.apply(layerAt: scratch.sub("lower.tar"), to: root)
        try applier.apply(layerAt: scratch.sub("upper.tar"), to: root)
        #expect(!FileIO.exists(root + "/a/gone"))
        #expect(readText(root + "/a/stays") == "2")
        #expect(!FileIO.exists(root + "/b"))
        #expect(try FileIO.list(root + "/opaque") == ["new"])
        #expect(readText(root + "/top") == "6")
        // Whiteout markers are never materialised.
        #expect(!FileIO.exists(root + "/a/.wh.gone"))
        #expect(!FileIO.exists(root + "/opaque/.wh..wh..opq"))
        #expect(!FileIO.exists(root + "/missing-parent"))
    }

    @Test func opaqueMarkerAfterItsSiblingsKeepsThem() throws {
        let scratch = try ScratchDirectory()
        let root = try scratch.makeDirectory("root")
        try buildTar(scratch.sub("lower.tar"), #"d("o"); f("o/old", b"x")"#)
        try buildTar(scratch.sub("upper.tar"), #"d("o"); f("o/new", b"y"); f("o/.wh..wh..opq")"#)
        try LayerApplier().apply(layerAt: scratch.sub("lower.tar"), to: root)
        try LayerApplier().apply(layerAt: scratch.sub("upper.tar"), to: root)
        #expect(try FileIO.list(root + "/o") == ["new"])
    }

    @Test func plainGzipAndZstdGiveTheSameTreeAndDiffID() throws {
        let scratch = try ScratchDirectory()
        let tar = scratch.sub("layer.tar")
        try buildTar(tar, """
        d("etc"); f("etc/hostname", b"berth\\n", mode=0o600)
        f("big", bytes(range(256)) * 8000)
        sym("etc/alias", "hostname"); hard("etc/again", "etc/hostname")
        """)
        try runChecked("sh", ["-c", "gzip -c '\(tar)' > '\(tar).gz' && zstd -q -c '\(tar)' > '\(tar).zst'"])
        let expected = try sha256sum(tar)
        var trees: [String] = []
        for (suffix, compression) in [("", LayerCompression.none), (".gz", .gzip), (".zst", .zstd)] {
            let root = try scratch.makeDirectory("root\(suffix)")
            let applied = try LayerApplier().apply(layerAt: tar + suffix, to: root)
            #expect(applied.compression == compression)
            #expect(applied.diffID.description == expected, "\(suffix)")
            #expect(applied.digest.description == (try sha256sum(tar + suffix)))
            #expect(applied.uncompressedSize == Int64(try FileIO.read(tar).count))
            trees.append(try runChecked("sh", ["-c", "cd '\(root)' && find . -printf '%p %m %s %l %n\\n' | sort && cat big | sha256sum"]))
        }
        #expect(trees[0] == trees[1])
        #expect(trees[0] == trees[2])
    }

    @Test func expectedDigestsAreChecked() throws {
        let scratch = try ScratchDirectory()
        let tar = scratch.sub("layer.tar")
        try buildTar(tar, #"f("x", b"1")"#)
        let wrong = try Digest(parsing: "sha256:" + String(repeating: "0", count: 64))
        let text = errorText { try LayerApplier().apply(layerAt: tar, to: try scratch.makeDirectory("r"), name: "L1", expectedDiffID: wrong) }
        #expect(text.contains("layer L1") && text.contains("does not match"), "got: \(text)")
    }

    @Test func malformedLayersAreNamedInTheError() throws {
        let scratch = try ScratchDirectory()
        let tar = scratch.sub("layer.tar")
        // Random content: compressed, it is still far bigger than the 3000 bytes kept.
        try buildTar(tar, #"import os; f("a", os.urandom(100000)); f("b", os.urandom(100000))"#)
        let bytes = try FileIO.read(tar)
        try FileIO.write(scratch.sub("truncated.tar"), Array(bytes[0..<60000]))
        try runChecked("sh", ["-c", "gzip -c '\(tar)' | head -c 3000 > '\(scratch.sub("truncated.tar.gz"))'"])
        try runChecked("sh", ["-c", "zstd -q -c '\(tar)' | head -c 3000 > '\(scratch.sub("truncated.tar.zst"))'"])
        try FileIO.write(scratch.sub("garbage.gz"), [0x1F, 0x8B] + Array(repeating: UInt8(0x41), count: 2000))
        try FileIO.write(scratch.sub("garbage.zst"), [0x28, 0xB5, 0x2F, 0xFD] + Array(repeating: UInt8(0x41), count: 2000))
        try FileIO.write(scratch.sub("notatar"), Array(repeating: UInt8(0x41), count: 2000))
        try FileIO.write(scratch.sub("layer.xz"), [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2])
        for name in ["truncated.tar", "truncated.tar.gz", "truncated.tar.zst", "garbage.gz", "garbage.zst", "notatar", "layer.xz"] {
            let root = try scratch.makeDirectory("root-\(name)")
            let text = errorText { try LayerApplier().apply(layerAt: scratch.sub(name), to: root, name: "sha256:feed-\(name)") }
            #expect(text.contains("layer sha256:feed-\(name)"), "\(name): \(text)")
            #expect(text != "no error", "\(name)")
        }
    }

    @Test func emptyLayerIsValid() throws {
        let scratch = try ScratchDirectory()
        try FileIO.write(scratch.sub("empty"), [UInt8](repeating: 0, count: 1024))
        let applied = try LayerApplier().apply(layerAt: scratch.sub("empty"), to: try scratch.makeDirectory("r"))
        #expect(applied.diffID.description == (try sha256sum(scratch.sub("empty"))))
    }

    @Test func existingDirectoryIsKeptAndOtherTypesAreReplaced() throws {
        let scratch = try ScratchDirectory()
        let root = try scratch.makeDirectory("root")
        try buildTar(scratch.sub("1.tar"), #"d("d"); f("d/child", b"c"); f("f", b"file"); d("becomes-file"); f("becomes-file/x")"#)
        try buildTar(scratch.sub("2.tar"), #"d("d", mode=0o700); sym("f", "d"); f("becomes-file", b"now a file")"#)
        try LayerApplier().apply(layerAt: scratch.sub("1.tar"), to: root)
        try LayerApplier().apply(layerAt: scratch.sub("2.tar"), to: root)
        #expect(readText(root + "/d/child") == "c")
        #expect(try #require(lstatOf(root + "/d")).st_mode & 0o777 == 0o700)
        #expect(try #require(lstatOf(root + "/f")).st_mode & S_IFMT == S_IFLNK)
        #expect(readText(root + "/becomes-file") == "now a file")
    }
}

func makeDevice(_ major: UInt64, _ minor: UInt64) -> dev_t {
    dev_t(((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff))
}

func xattr(_ path: String, _ name: String) -> [UInt8]? {
    let script = "import os,sys\ntry: sys.stdout.write(os.getxattr(sys.argv[1], sys.argv[2], follow_symlinks=False).hex())\nexcept OSError: sys.exit(3)"
    guard let result = try? run("python3", ["-c", script, path, name]), result.status == 0 else { return nil }
    var bytes: [UInt8] = []
    var index = result.stdout.startIndex
    while index < result.stdout.endIndex, let next = result.stdout.index(index, offsetBy: 2, limitedBy: result.stdout.endIndex),
          let byte = UInt8(result.stdout[index..<next], radix: 16) {
        bytes.append(byte)
        index = next
    }
    return bytes
}
