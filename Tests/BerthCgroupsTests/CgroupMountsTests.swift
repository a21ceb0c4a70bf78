@testable import BerthCgroups
import BerthLinux
import Glibc
import Testing

@Suite struct CgroupMountsTests {
    static let hybrid = """
    31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
    32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
    34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
    35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
    40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
    41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
    50 23 0:40 / /mnt/my\\040dir rw - ext4 /dev/vda rw
    """
    static let v1Only = """
    32 31 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
    33 31 0:29 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids
    """
    static let v2 = """
    29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate
    """

    @Test func parsesHybridMountinfo() throws {
        let m = CgroupMounts.parse(mountinfo: Self.hybrid)
        #expect(m.v1.count == 4)
        #expect(m.mount(for: "cpuacct")?.mountPoint == "/sys/fs/cgroup/cpu,cpuacct")
        #expect(m.mount(for: "cpu")?.controllers == ["cpu", "cpuacct"])
        #expect(m.mount(for: "name=systemd")?.mountPoint == "/sys/fs/cgroup/systemd")
        #expect(m.unified?.mountPoint == "/sys/fs/cgroup/unified")
        #expect(try CgroupMode.detect(mounts: m) == .hybrid)
        #expect(try CgroupMode.detect(mounts: CgroupMounts.parse(mountinfo: Self.v1Only)) == .v1)
        #expect(try CgroupMode.detect(mounts: CgroupMounts.parse(mountinfo: Self.v2)) == .v2)
        #expect(throws: (any Error).self) { try CgroupMode.detect(mounts: CgroupMounts(v1: [], unified: nil)) }
        #expect(MountInfo.parseLine(#"1 2 0:1 / /mnt/my\040dir rw - cgroup2 cgroup2 rw"#)?.mountPoint == "/mnt/my dir")
    }

    @Test func mountRootIsStrippedInsideCgroupNamespaces() {
        let mount = CgroupMount(mountPoint: "/sys/fs/cgroup/memory", root: "/docker/abc", controllers: ["memory"])
        #expect(mount.directory(for: "/docker/abc/sub") == "/sys/fs/cgroup/memory/sub")
        #expect(mount.directory(for: "/") == "/sys/fs/cgroup/memory")
    }

    @Test func parsesProcSelfCgroup() {
        let p = ProcessCgroups.parse("9:name=systemd:/\n4:memory:/process_api/x\n2:cpu,cpuacct:/a\n0::/u\n")
        #expect(p.v1["memory"] == "/process_api/x")
        #expect(p.v1["cpuacct"] == "/a")
        #expect(p.v1["name=systemd"] == "/")
        #expect(p.unified == "/u")
    }

    @Test func managerPathsForEachMode() throws {
        let own = ProcessCgroups.parse("4:memory:/process_api/x\n2:cpu,cpuacct:/\n0::/user.slice\n")
        let hybrid = try Cgroups.manager(path: .relative("/c1"), mounts: CgroupMounts.parse(mountinfo: Self.hybrid), own: own)
        #expect(hybrid.mode == .hybrid)
        #expect(hybrid.paths["memory"] == "/sys/fs/cgroup/memory/process_api/x/c1")
        #expect(hybrid.paths["cpu"] == "/sys/fs/cgroup/cpu,cpuacct/c1")
        #expect(hybrid.paths["cpuacct"] == "/sys/fs/cgroup/cpu,cpuacct/c1")
        #expect(hybrid.paths["name=systemd"] == "/sys/fs/cgroup/systemd/c1")
        #expect(hybrid.paths["unified"] == "/sys/fs/cgroup/unified/user.slice/c1")

        let v2 = try Cgroups.manager(path: .absolute("/berth/c1"), mounts: CgroupMounts.parse(mountinfo: Self.v2), own: own)
        #expect(v2.mode == .v2)
        #expect(v2.paths == ["": "/sys/fs/cgroup/berth/c1"])

        let v1 = try Cgroups.manager(path: .absolute("/berth/c1"), mounts: CgroupMounts.parse(mountinfo: Self.v1Only), own: own)
        #expect(v1.mode == .v1)
        #expect(v1.paths == ["memory": "/sys/fs/cgroup/memory/berth/c1", "pids": "/sys/fs/cgroup/pids/berth/c1"])
    }

    @Test func restoringPersistedPaths() throws {
        let v2 = try Cgroups.manager(restoring: ["": "/sys/fs/cgroup/berth/x"])
        #expect(v2.mode == .v2 && v2.paths == ["": "/sys/fs/cgroup/berth/x"])
        let v1 = try Cgroups.manager(restoring: ["memory": "/sys/fs/cgroup/memory/x", "unified": "/sys/fs/cgroup/unified/x"])
        #expect(v1.mode == .hybrid)
        #expect(throws: (any Error).self) { try Cgroups.manager(restoring: [:]) }
        #expect(throws: (any Error).self) { try Cgroups.manager(restoring: ["memory": "relative/x"]) }
        #expect(throws: (any Error).self) { try Cgroups.manager(restoring: ["memory": "/sys/fs/cgroup/memory/../../etc"]) }
    }

    /// Cross-checks mountinfo-based detection against /proc/mounts (a different file and format).
    @Test func detectsThisHostConsistentlyWithProcMounts() throws {
        let mounts = try FileIO.readString("/proc/mounts").split(separator: "\n").map { $0.split(separator: " ") }
        func fsType(_ path: String) -> String? {
            mounts.last { $0.count > 2 && $0[1] == path }.map { String($0[2]) }
        }
        let hasV1 = mounts.contains { $0.count > 2 && $0[2] == "cgroup" }
        let expected: CgroupMode
        if fsType("/sys/fs/cgroup") == "cgroup2" || !hasV1 {
            expected = .v2
        } else {
            expected = mounts.contains { $0.count > 2 && $0[2] == "cgroup2" } ? .hybrid : .v1
        }
        #expect(try CgroupMode.detect() == expected)
    }
}
