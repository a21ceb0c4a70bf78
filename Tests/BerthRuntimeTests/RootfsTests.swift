import BerthOCI
import Foundation
import Glibc
import Testing

/// root.path / root.readonly, linux.rootfsPropagation, pivot_root and `create --no-pivot`.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct RootfsTests {
    static let tmpTmpfs = Mount(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"])

    // MARK: root.readonly

    @Test func readonlyRootRejectsWritesButMountsStayWritable() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", """
            touch /newfile 2>&1; echo "root rc=$?"
            mkdir /newdir 2>/dev/null; echo "mkdir rc=$?"
            touch /tmp/ok && echo "tmp rc=$?"
            touch /dev/shm/ok && echo "shm rc=$?"
            cat /proc/self/mountinfo
            """], readonlyRoot: true) { $0.mounts?.append(Self.tmpTmpfs) }
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Read-only file system"), "\(result.stdout)")
        #expect(result.stdout.contains("root rc=1"))
        #expect(result.stdout.contains("mkdir rc=1"))
        #expect(result.stdout.contains("tmp rc=0"), "a tmpfs on a read-only root is still writable")
        #expect(result.stdout.contains("shm rc=0"))
        let root = try #require(MountEntry.at("/", in: result.stdout))
        #expect(root.options.contains("ro"), "\(root)")
        #expect(!FileManager.default.fileExists(atPath: bundle.rootfs + "/newfile"))
        #expect(!FileManager.default.fileExists(atPath: bundle.rootfs + "/newdir"))
    }

    @Test func writableRootWritesIntoTheBundleRootfs() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", "echo from-inside > /written && cat /proc/self/mountinfo"], readonlyRoot: false)
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(MountEntry.at("/", in: result.stdout))
        #expect(root.options.contains("rw"), "\(root)")
        #expect(Observe.read(bundle.rootfs + "/written") == "from-inside\n")
    }

    @Test func absoluteRootPathOutsideTheBundle() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let elsewhere = try HostTmpfs(shared: false, prefix: "berth-rootfs")
        defer { elsewhere.cleanup() }
        let rootfs = try elsewhere.copyRootfs()
        try "absolute\n".write(toFile: rootfs + "/marker", atomically: false, encoding: .utf8)
        let bundle = try TestBundle(args: ["cat", "/marker"]) { $0.root?.path = rootfs }
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "absolute\n")
    }

    // MARK: pivot_root and --no-pivot

    static let viewScript = "echo ls $(ls / | tr '\\n' ' '); [ -e /config.json ] && echo bundle visible; echo pid1 $$; echo x > /pivot-marker; echo done"

    @Test func pivotRootLeavesNoHostMountsBehind() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["cat", "/proc/self/mountinfo"])
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        let destinations = (bundle.spec.mounts ?? []).map(\.destination)
        let entries = MountEntry.parse(result.stdout)
        #expect(!entries.isEmpty)
        for e in entries {
            // Every mount is the rootfs, a configured mount, or something under one (masks, cgroups).
            #expect(e.mountPoint == "/" || destinations.contains { e.mountPoint == $0 || e.mountPoint.hasPrefix($0 + "/") },
                    "unexpected mount in the container: \(e)")
            #expect(!e.mountPoint.contains(bundle.dir), "host path visible: \(e)")
        }
        #expect(entries.filter { $0.mountPoint == "/" }.count == 1, "the old root must be detached after pivot_root")
    }

    @Test(arguments: [false, true])
    func pivotAndNoPivotGiveTheSameRootfsView(noPivot: Bool) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", Self.viewScript])
        let expected = try FileManager.default.contentsOfDirectory(atPath: TestEnv.rootfs).sorted()
        let result = try Observe.createAndStart(rt, bundle, id: TestEnv.uniqueName("pivot"), createArgs: noPivot ? ["--no-pivot"] : [])
        #expect(result.status == 0, "\(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        let seen = (kv["ls"] ?? "").split(separator: " ").map(String.init).sorted()
        #expect(Set(seen) == Set(expected), "ls / inside: \(seen), rootfs: \(expected)")
        #expect(kv["bundle"] == nil, "the bundle directory (outside the rootfs) must not be reachable")
        #expect(kv["pid1"] == "1")
        #expect(kv["done"] != nil, "\(result.stdout) \(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: bundle.rootfs + "/pivot-marker"))
    }

    @Test func noPivotCannotEscapeTheChrootByDotDot() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        // The rootfs is a copy under the bundle: a `..` walk must stay at the container's /.
        let bundle = try TestBundle(args: ["sh", "-c", "cd /../../../..; ls | tr '\\n' ' '; echo; [ -e config.json ] && echo escaped || echo confined"])
        let result = try Observe.createAndStart(rt, bundle, id: TestEnv.uniqueName("nopivot"), createArgs: ["--no-pivot"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("confined"), "\(result.stdout)")
    }

    // MARK: rootfsPropagation

    /// The rootfs lives in a host tmpfs that is shared (as on systemd hosts), so the propagation
    /// mode matters: the container's mounts must never propagate back to the host.
    @Test(arguments: ["", "private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable"])
    func rootfsPropagation(_ mode: String) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let host = try HostTmpfs(shared: true, prefix: "berth-prop")
        defer { host.cleanup() }
        let rootfs = try host.copyRootfs()
        let hostGroup = try #require(host.peerGroup, "host tmpfs not shared")
        let hostMountsBefore = Observe.hostMounts(under: host.path).count

        let bundle = try TestBundle(args: ["sh", "-c", "exec sleep 3620"]) { spec in
            spec.root?.path = rootfs
            spec.linux?.rootfsPropagation = mode.isEmpty ? nil : mode
        }
        let id = TestEnv.uniqueName("prop")
        try Observe.runDetached(rt, bundle, id: id)
        defer { _ = try? rt.spawn("delete", "--force", id) }

        let leaked = Observe.hostMounts(under: host.path).count - hostMountsBefore
        #expect(leaked == 0, "container mounts propagated to the host: \(Observe.hostMounts(under: host.path).map(\.mountPoint))")

        let info = try rt.spawn("exec", id, "cat", "/proc/self/mountinfo")
        #expect(info.status == 0, "\(info.stderr)")
        let root = try #require(MountEntry.at("/", in: info.stdout), "\(info.stdout)")

        // A mount made on the host after start: visible inside only if the rootfs is a slave.
        let late = rootfs + "/mnt/late"
        try FileManager.default.createDirectory(atPath: late, withIntermediateDirectories: true)
        #expect(try Observe.command(["/usr/bin/mount", "-t", "tmpfs", "late", late]).status == 0)
        try "propagated\n".write(toFile: late + "/file", atomically: false, encoding: .utf8)
        let seen = try rt.spawn("exec", id, "cat", "/mnt/late/file")

        switch mode {
        case "private", "rprivate":
            #expect(root.optional.isEmpty, "\(mode): \(root)")
            #expect(seen.stdout != "propagated\n", "\(mode): host mount propagated into the container")
        case "", "slave", "rslave":
            #expect(root.masterGroup == hostGroup, "\(mode.isEmpty ? "default (rslave)" : mode): \(root)")
            #expect(root.sharedGroup == nil, "\(mode): \(root)")
            #expect(seen.stdout == "propagated\n", "\(mode): host mount did not reach the container: \(seen.stderr)")
        case "shared", "rshared":
            // A new peer group: not shared with the host.
            #expect(root.sharedGroup != nil && root.sharedGroup != hostGroup, "\(mode): \(root)")
        default: // unbindable ("runbindable" is not a spec value; runc 1.1.5 fails on it too)
            #expect(root.optional.contains("unbindable"), "\(mode): \(root)")
            #expect(root.sharedGroup == nil && root.masterGroup == nil, "\(mode): \(root)")
        }
    }

    // MARK: differential

    @Test func readonlyRootMatchesRunc() throws {
        let script = "touch /x 2>&1 | sed 's/.*: //'; touch /tmp/y && echo tmp ok; grep -c . /proc/self/mountinfo >/dev/null; echo done"
        let (berth, runc) = try Observe.differential(script, readonlyRoot: true) { $0.mounts?.append(Self.tmpTmpfs) }
        #expect(berth.status == 0, "\(berth.stderr)")
        #expect(berth.stdout == "Read-only file system\ntmp ok\ndone\n")
        if let runc { #expect(berth.stdout == runc.stdout) }
    }
}
