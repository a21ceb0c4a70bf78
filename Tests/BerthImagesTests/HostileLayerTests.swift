import BerthCore
import BerthImages
import BerthLinux
import Foundation
import Testing

/// Crafted hostile layers. Policy (see LayerApplier): entries are contained in the target, names
/// cleaned against `/` and symlinks resolved in-root; what cannot be contained is an error naming
/// the entry. Either way the sentinel outside the target must be untouched and nothing may
/// appear outside.
struct HostileLayerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Python tar body; OUTSIDE is replaced with the outside directory's absolute path.
        var tar: String
        /// nil: must apply (contained); otherwise a substring of the expected error.
        var error: String?
        /// A path under the root the entry must have landed on instead, when contained.
        var landsAt: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "dot-dot path", tar: #"f("../../escaped", b"x")"#, landsAt: "escaped"),
        Case(name: "absolute path", tar: #"f("OUTSIDE/sentinel", b"x")"#, landsAt: "OUTSIDE/sentinel"),
        Case(name: "write through an absolute symlink", tar: #"sym("link", "OUTSIDE"); f("link/sentinel", b"x")"#, landsAt: "OUTSIDE/sentinel"),
        Case(name: "write through /etc symlink", tar: #"sym("link", "/etc"); f("link/passwd", b"x")"#, landsAt: "etc/passwd"),
        Case(name: "symlink chain climbing out", tar: #"sym("a", "b"); sym("b", "../../../../../.."); f("a/x", b"x")"#, landsAt: "x"),
        Case(name: "relative symlink to the outside dir", tar: #"sym("up", "../outside"); f("up/sentinel", b"x")"#, landsAt: "outside/sentinel"),
        Case(name: "hardlink to a dot-dot path", tar: #"hard("h", "../outside/sentinel")"#, error: "entry \"h\""),
        Case(name: "hardlink to an absolute path", tar: #"hard("h", "OUTSIDE/sentinel")"#, error: "entry \"h\""),
        Case(name: "hardlink through a symlink", tar: #"sym("link", "OUTSIDE"); hard("h", "link/sentinel")"#, error: "entry \"h\""),
        Case(name: "whiteout naming dot-dot", tar: #"f("sub/.wh..."); "#, error: "invalid whiteout"),
        Case(name: "whiteout through dot-dot path", tar: #"f("../outside/.wh.sentinel")"#),
        Case(name: "whiteout through a symlink", tar: #"sym("link", "OUTSIDE"); f("link/.wh.sentinel")"#),
        Case(name: "opaque dir through a symlink", tar: #"sym("link", "OUTSIDE"); f("link/.wh..wh..opq")"#),
        Case(name: "device node through a symlink", tar: #"sym("link", "OUTSIDE"); fifo("link/sentinel")"#, landsAt: "OUTSIDE/sentinel"),
        Case(name: "file replacing a symlink to the outside", tar: #"sym("evil", "OUTSIDE/sentinel"); f("evil", b"x")"#, landsAt: "evil"),
        Case(name: "directory replacing a symlink to the outside", tar: #"sym("evil", "OUTSIDE"); d("evil", mode=0o777); f("evil/sentinel", b"x")"#, landsAt: "evil/sentinel"),
        Case(name: "symlink loop", tar: #"sym("l1", "l2"); sym("l2", "l1"); f("l1/x", b"x")"#, error: "symlinks"),
    ]

    @Test(arguments: cases)
    func hostileEntryStaysInside(_ hostile: Case) throws {
        let scratch = try ScratchDirectory()
        let root = try scratch.makeDirectory("root")
        let outside = try scratch.makeDirectory("outside")
        try FileIO.write(outside + "/sentinel", "original")
        let tar = scratch.sub("hostile.tar")
        try buildTar(tar, hostile.tar.replacingOccurrences(of: "OUTSIDE", with: outside))

        let text = errorText { try LayerApplier().apply(layerAt: tar, to: root, name: "hostile") }
        if let expected = hostile.error {
            #expect(text.contains("layer hostile") && text.contains(expected), "got: \(text)")
        } else {
            #expect(text == "no error")
        }
        if let landsAt = hostile.landsAt {
            #expect(lstatOf(root + "/" + landsAt.replacingOccurrences(of: "OUTSIDE", with: outside)) != nil, "not contained at \(landsAt)")
        }
        #expect(readText(outside + "/sentinel") == "original")
        #expect(try #require(lstatOf(outside + "/sentinel")).st_nlink == 1)
        #expect(try #require(lstatOf(outside + "/sentinel")).st_mode & S_IFMT == S_IFREG)
        #expect(try FileIO.list(outside) == ["sentinel"])
        #expect(try FileIO.list(scratch.path).sorted() == ["hostile.tar", "outside", "root"])
        #expect(!FileIO.exists("/escaped") && !FileIO.exists("/x"))
    }
}
