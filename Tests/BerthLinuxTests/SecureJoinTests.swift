import BerthLinux
import Foundation
import Testing

final class SecureJoinTests {
    let root: String

    deinit { try? FileManager.default.removeItem(atPath: root) }

    init() throws {
        root = NSTemporaryDirectory() + "securejoin-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root + "/abs", withDestinationPath: "/etc")
        try fm.createSymbolicLink(atPath: root + "/up", withDestinationPath: "../../../../")
        try fm.createSymbolicLink(atPath: root + "/chain1", withDestinationPath: "chain2")
        try fm.createSymbolicLink(atPath: root + "/chain2", withDestinationPath: "/abs/deeper")
        try fm.createSymbolicLink(atPath: root + "/loop", withDestinationPath: "loop")
    }

    @Test func plainPathsJoin() throws {
        #expect(try SecureJoin.resolve(root: root, "/etc/hosts") == root + "/etc/hosts")
        #expect(try SecureJoin.resolve(root: root, "/") == root)
    }

    @Test func dotDotCannotLeave() throws {
        #expect(try SecureJoin.resolve(root: root, "/../../etc/passwd") == root + "/etc/passwd")
    }

    @Test func absoluteSymlinkStaysInside() throws {
        #expect(try SecureJoin.resolve(root: root, "/abs/x") == root + "/etc/x")
    }

    @Test func relativeEscapeStaysInside() throws {
        #expect(try SecureJoin.resolve(root: root, "/up/tmp") == root + "/tmp")
    }

    @Test func chainsResolveInside() throws {
        #expect(try SecureJoin.resolve(root: root, "/chain1/y") == root + "/etc/deeper/y")
    }

    @Test func loopsFail() {
        #expect(throws: (any Error).self) { try SecureJoin.resolve(root: root, "/loop/x") }
    }
}
