@testable import BerthCgroups
import BerthCore
import Testing

@Suite struct CgroupPathTests {
    @Test func absolutePathIsCleanedAndRooted() throws {
        #expect(try CgroupPath.resolve(cgroupsPath: "/a/b", containerID: "c1", systemd: false) == .absolute("/a/b"))
        #expect(try CgroupPath.resolve(cgroupsPath: "//a/./b/", containerID: "c1", systemd: false) == .absolute("/a/b"))
        // ".." cannot climb out of the hierarchy root.
        #expect(try CgroupPath.resolve(cgroupsPath: "/../../etc", containerID: "c1", systemd: false) == .absolute("/etc"))
    }

    @Test func relativePathJoinsOwnCgroup() throws {
        let p = try CgroupPath.resolve(cgroupsPath: "foo/bar", containerID: "c1", systemd: false)
        #expect(p == .relative("/foo/bar"))
        #expect(p.absolute(own: "/process_api/abc") == "/process_api/abc/foo/bar")
        #expect(p.absolute(own: "/") == "/foo/bar")
        #expect(CgroupPath.relative("/../x").absolute(own: "/a/b") == "/a/b/x")
    }

    @Test func defaultPathUsesContainerID() throws {
        #expect(try CgroupPath.resolve(cgroupsPath: nil, containerID: "abc", systemd: false) == .absolute("/berth/abc"))
        #expect(try CgroupPath.resolve(cgroupsPath: "", containerID: "abc", systemd: false) == .absolute("/berth/abc"))
        #expect(try CgroupPath.resolve(cgroupsPath: nil, containerID: "abc", systemd: true)
            == .absolute("/system.slice/berth-abc.scope"))
    }

    @Test func systemdStyleExpandsSlices() throws {
        #expect(try CgroupPath.resolve(cgroupsPath: "system.slice:docker:abc", containerID: "x", systemd: true)
            == .absolute("/system.slice/docker-abc.scope"))
        #expect(try CgroupPath.resolve(cgroupsPath: "a-b-c.slice:berth:id", containerID: "x", systemd: true)
            == .absolute("/a.slice/a-b.slice/a-b-c.slice/berth-id.scope"))
        #expect(try CgroupPath.resolve(cgroupsPath: ":berth:id", containerID: "x", systemd: true)
            == .absolute("/system.slice/berth-id.scope"))
        #expect(try CgroupPath.resolve(cgroupsPath: "-.slice:p:n", containerID: "x", systemd: true) == .absolute("/p-n.scope"))
        #expect(try CgroupPath.systemdPath("machine.slice::n") == "/machine.slice/n.scope")
        #expect(try CgroupPath.systemdPath("user.slice:p:user-1000.slice") == "/user.slice/user-1000.slice")
        #expect(try CgroupPath.expandSlice("-.slice") == "/")
        #expect(try CgroupPath.expandSlice("user-1000.slice") == "/user.slice/user-1000.slice")
    }

    @Test func systemdStyleRejectsBadInput() {
        for bad in ["/abs/path", "a:b", "a.slice:b:c:d", "notaslice:p:n", "a--b.slice:p:n", "-a.slice:p:n", "x.slice:p:../n", "x.slice:p:"] {
            #expect(throws: BerthError.self, "\(bad)") {
                try CgroupPath.resolve(cgroupsPath: bad, containerID: "x", systemd: true)
            }
        }
    }

    @Test func relativePathEqualToOwnCgroupIsRejected() {
        #expect(throws: BerthError.self) { try CgroupPath.resolve(cgroupsPath: "a/..", containerID: "x", systemd: false) }
    }
}
