import BerthCore
import BerthOCI
import Foundation
import Testing

@testable import BerthEngine

@Suite struct ContainerUserResolverTests {
    func resolve(_ user: String, groupAdd: [String] = []) throws -> User {
        let rootfs = try EngineTestSupport.makeRootfs()
        defer { EngineTestSupport.remove(rootfs) }
        return try ContainerUserResolver(rootfs: rootfs).resolve(user, groupAdd: groupAdd)
    }

    func user(_ uid: UInt32, _ gid: UInt32, _ additional: [UInt32]) -> User {
        var u = User(uid: uid, gid: gid)
        u.additionalGids = additional
        return u
    }

    @Test func forms() throws {
        #expect(try resolve("") == user(0, 0, [0]))
        #expect(try resolve("root") == user(0, 0, [0]))
        // A name brings its primary group and its memberships.
        #expect(try resolve("alice") == user(1000, 1000, [1000, 29, 50]))
        // A uid with a passwd entry is that entry; without one it runs with gid 0.
        #expect(try resolve("1001") == user(1001, 1001, [1001, 50]))
        #expect(try resolve("4242") == user(4242, 0, [0]))
        // An explicit group replaces the primary group and drops the supplementary ones.
        #expect(try resolve("alice:staff") == user(1000, 50, [50]))
        #expect(try resolve("1000:77") == user(1000, 77, [77]))
        #expect(try resolve("bob:0") == user(1001, 0, [0]))
    }

    @Test func groupAddByNameOrNumber() throws {
        #expect(try resolve("bob", groupAdd: ["audio", "4242", "staff"]) == user(1001, 1001, [1001, 50, 29, 4242, 50]))
        #expect(EngineTestSupport.errorMessage { _ = try resolve("bob", groupAdd: ["wheel"]) } == "Unable to find group wheel")
    }

    @Test func unknownNamesFailWithDockersText() {
        #expect(EngineTestSupport.errorMessage { _ = try resolve("foo") }
                    == "unable to find user foo: no matching entries in passwd file")
        #expect(EngineTestSupport.errorMessage { _ = try resolve("alice:wheel") }
                    == "unable to find group wheel: no matching entries in group file")
        #expect(EngineTestSupport.errorMessage { _ = try resolve("3000000000") } == "uids and gids must be in range 0-2147483647")
    }

    @Test func missingPasswdStillResolvesNumbers() throws {
        let rootfs = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(rootfs) }
        let resolver = try ContainerUserResolver(rootfs: rootfs)
        #expect(try resolver.resolve("1234:5678") == user(1234, 5678, [5678]))
        #expect(EngineTestSupport.errorMessage { _ = try resolver.resolve("nobody") }
                    == "unable to find user nobody: no matching entries in passwd file")
    }

    /// A hostile image whose /etc/passwd is a symlink out of the rootfs must not read the host's file.
    @Test func symlinkedPasswdCannotEscapeTheRootfs() throws {
        let outside = try EngineTestSupport.temporaryDirectory("berth-outside")
        let rootfs = try EngineTestSupport.temporaryDirectory("berth-evil-rootfs")
        defer {
            EngineTestSupport.remove(outside)
            EngineTestSupport.remove(rootfs)
        }
        try EngineTestSupport.write(outside + "/passwd", "evil:x:0:0::/:/bin/sh\n")
        try FileManager.default.createDirectory(atPath: rootfs + "/etc", withIntermediateDirectories: true)
        // Absolute and relative escapes both resolve inside the rootfs, where nothing exists.
        try FileManager.default.createSymbolicLink(atPath: rootfs + "/etc/passwd", withDestinationPath: outside + "/passwd")
        try FileManager.default.createSymbolicLink(atPath: rootfs + "/etc/group",
                                                   withDestinationPath: "../../../../../../../../" + outside + "/passwd")
        let resolver = try ContainerUserResolver(rootfs: rootfs)
        #expect(resolver.passwd == nil)
        #expect(resolver.groups == nil)
        #expect(EngineTestSupport.errorMessage { _ = try resolver.resolve("evil") }
                    == "unable to find user evil: no matching entries in passwd file")

        // A symlink that stays inside the rootfs is followed.
        try EngineTestSupport.write(rootfs + "/real/passwd", "inside:x:7:7::/:/bin/sh\n")
        try FileManager.default.removeItem(atPath: rootfs + "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: rootfs + "/etc/passwd", withDestinationPath: "/real/passwd")
        #expect(try ContainerUserResolver(rootfs: rootfs).resolve("inside").uid == 7)
    }

    @Test func nonRootUserGetsOnlyTheBoundingSet() throws {
        let spec = try EngineTestSupport.build { $0.user = "alice" }
        #expect(spec.process?.user.uid == 1000)
        #expect(spec.process?.capabilities?.bounding == DockerDefaults.capabilities)
        #expect(spec.process?.capabilities?.effective == nil)
        #expect(spec.process?.capabilities?.permitted == nil)
        // The image's USER applies when the request has none.
        let fromImage = try EngineTestSupport.build(image: ImageConfig.ExecutionConfig(user: "bob", cmd: ["id"]))
        #expect(fromImage.process?.user.uid == 1001)
    }
}
