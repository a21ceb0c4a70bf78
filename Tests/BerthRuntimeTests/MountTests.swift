import BerthOCI
import Foundation
import Glibc
import Testing

/// `mounts`: bind/rbind, proc, sysfs, tmpfs, devpts, mqueue, cgroup; mount options as the kernel
/// reports them in /proc/self/mountinfo; propagation flags; rro; tmpcopyup; symlinked destinations.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct MountTests {
    /// A plain host directory with a file, removed by the caller.
    static func hostDir(_ prefix: String = "berth-bindsrc") throws -> String {
        let dir = NSTemporaryDirectory() + TestEnv.uniqueName(prefix)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "from-host\n".write(toFile: dir + "/file", atomically: false, encoding: .utf8)
        return dir
    }

    static func remove(_ path: String) { _ = try? Observe.command(["/bin/rm", "-rf", "--one-file-system", path]) }

    /// A host tmpfs with a second tmpfs mounted on its `sub` directory.
    static func treeWithSubmount(shared: Bool = false) throws -> HostTmpfs {
        let top = try HostTmpfs(shared: shared, prefix: "berth-tree")
        try "top\n".write(toFile: top.path + "/top", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: top.path + "/sub", withIntermediateDirectories: true)
        let m = try Observe.command(["/usr/bin/mount", "-t", "tmpfs", "submount", top.path + "/sub"])
        guard m.status == 0 else { throw TestFailure("mount submount: \(m.stderr)") }
        try "sub\n".write(toFile: top.path + "/sub/marker", atomically: false, encoding: .utf8)
        return top
    }

    // MARK: bind and rbind

    @Test(arguments: ["bind", "none", ""])
    func bindMountsAHostDirectoryReadWrite(_ type: String) throws {
        let dir = try Self.hostDir()
        defer { Self.remove(dir) }
        let result = try Observe.run("cat /mnt/host/file; echo back > /mnt/host/from-container; grep ' /mnt/host ' /proc/self/mountinfo") { spec in
            spec.mounts?.append(Mount(destination: "/mnt/host", type: type.isEmpty ? nil : type, source: dir, options: ["bind"]))
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("from-host\n"))
        #expect(Observe.read(dir + "/from-container") == "back\n", "writes through the bind reach the host")
        let entry = try #require(MountEntry.at("/mnt/host", in: result.stdout))
        #expect(entry.options.contains("rw"))
    }

    @Test func bindMountsASingleFile() throws {
        let dir = try Self.hostDir()
        defer { Self.remove(dir) }
        let result = try Observe.run("cat /etc/bound-file; stat -c %F /etc/bound-file") { spec in
            spec.mounts?.append(Mount(destination: "/etc/bound-file", type: "bind", source: dir + "/file", options: ["rbind", "ro"]))
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "from-host\nregular file\n")
    }

    @Test(arguments: [false, true])
    func rbindCarriesSubmountsAndBindDoesNot(recursive: Bool) throws {
        let tree = try Self.treeWithSubmount()
        defer { tree.cleanup() }
        let result = try Observe.run("cat /mnt/tree/top; cat /mnt/tree/sub/marker 2>/dev/null || echo no-marker; cat /proc/self/mountinfo") { spec in
            spec.mounts?.append(Mount(destination: "/mnt/tree", type: "bind", source: tree.path, options: [recursive ? "rbind" : "bind"]))
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("top\n"))
        if recursive {
            #expect(result.stdout.contains("sub\n"), "rbind must carry the host submount: \(result.stdout)")
            #expect(MountEntry.at("/mnt/tree/sub", in: result.stdout) != nil)
        } else {
            #expect(result.stdout.contains("no-marker"), "a plain bind must not carry submounts")
            #expect(MountEntry.at("/mnt/tree/sub", in: result.stdout) == nil)
        }
    }

    @Test func readonlyBindRejectsWrites() throws {
        let dir = try Self.hostDir()
        defer { Self.remove(dir) }
        let result = try Observe.run("cat /mnt/ro/file; echo x > /mnt/ro/new 2>&1 || echo write-failed; grep ' /mnt/ro ' /proc/self/mountinfo") { spec in
            spec.mounts?.append(Mount(destination: "/mnt/ro", type: "bind", source: dir, options: ["rbind", "ro"]))
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("from-host\n"))
        #expect(result.stdout.contains("write-failed"))
        #expect(result.stdout.contains("Read-only file system") || result.stderr.contains("Read-only file system"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/new"))
        let entry = try #require(MountEntry.at("/mnt/ro", in: result.stdout))
        #expect(entry.options.contains("ro"), "\(entry)")
    }

    @Test func recursiveReadonlyCoversSubmounts() throws {
        let tree = try Self.treeWithSubmount()
        defer { tree.cleanup() }
        let result = try Observe.run("""
            touch /mnt/rro/x 2>/dev/null && echo top-writable || echo top-ro
            touch /mnt/rro/sub/x 2>/dev/null && echo sub-writable || echo sub-ro
            cat /proc/self/mountinfo
            """) { spec in
            spec.mounts?.append(Mount(destination: "/mnt/rro", type: "bind", source: tree.path, options: ["rbind", "rro"]))
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("top-ro"))
        #expect(result.stdout.contains("sub-ro"), "rro must make the submount read-only too")
        #expect(MountEntry.at("/mnt/rro/sub", in: result.stdout)?.options.contains("ro") == true)
        #expect(!FileManager.default.fileExists(atPath: tree.path + "/sub/x"))
    }

    @Test func plainReadonlyOnRbindLeavesSubmountsWritable() throws {
        // Kernel semantics runc keeps: "ro" applies to the top mount only; "rro" is the recursive form.
        let tree = try Self.treeWithSubmount()
        defer { tree.cleanup() }
        let result = try Observe.run("touch /mnt/t/x 2>/dev/null || echo top-ro; touch /mnt/t/sub/x && echo sub-rw") { spec in
            spec.mounts?.append(Mount(destination: "/mnt/t", type: "bind", source: tree.path, options: ["rbind", "ro"]))
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "top-ro\nsub-rw\n")
    }

    // MARK: recursive attributes (mount_setattr)

    struct RecursiveCase: Sendable, CustomTestStringConvertible {
        var option: String
        var present: [String]
        var absent: [String]
        var testDescription: String { option }
    }

    @Test(arguments: [
        RecursiveCase(option: "rnosuid", present: ["nosuid"], absent: []),
        RecursiveCase(option: "rnodev", present: ["nodev"], absent: []),
        RecursiveCase(option: "rnoexec", present: ["noexec"], absent: []),
        RecursiveCase(option: "rnoatime", present: ["noatime"], absent: ["relatime"]),
        RecursiveCase(option: "rstrictatime", present: [], absent: ["relatime", "noatime"]),
        RecursiveCase(option: "rrelatime", present: ["relatime"], absent: ["noatime"]),
        RecursiveCase(option: "rnodiratime", present: ["nodiratime"], absent: []),
        RecursiveCase(option: "rnosymfollow", present: ["nosymfollow"], absent: []),
    ])
    func recursiveAttributesReachSubmounts(_ c: RecursiveCase) throws {
        let tree = try Self.treeWithSubmount()
        defer { tree.cleanup() }
        let result = try Observe.run("cat /proc/self/mountinfo") { spec in
            spec.mounts?.append(Mount(destination: "/mnt/r", type: "bind", source: tree.path, options: ["rbind", c.option]))
        }
        #expect(result.status == 0, "\(c.option): \(result.stderr)")
        for path in ["/mnt/r", "/mnt/r/sub"] {
            let entry = try #require(MountEntry.at(path, in: result.stdout), "\(path) missing")
            for o in c.present { #expect(entry.options.contains(o), "\(c.option): \(path) lacks \(o): \(entry)") }
            for o in c.absent { #expect(!entry.options.contains(o), "\(c.option): \(path) has \(o): \(entry)") }
        }
    }

    // MARK: mount options as the kernel reports them

    struct OptionCase: Sendable, CustomTestStringConvertible {
        var options: [String]
        var present: [String]
        var absent: [String] = []
        var superPresent: [String] = []
        var testDescription: String { options.joined(separator: ",") }
    }

    static let optionCases: [OptionCase] = [
        OptionCase(options: ["nosuid"], present: ["nosuid"]),
        OptionCase(options: ["nodev"], present: ["nodev"]),
        OptionCase(options: ["noexec"], present: ["noexec"]),
        OptionCase(options: ["ro"], present: ["ro"]),
        OptionCase(options: ["relatime"], present: ["relatime"], absent: ["noatime"]),
        OptionCase(options: ["noatime"], present: ["noatime"], absent: ["relatime"]),
        OptionCase(options: ["strictatime"], present: [], absent: ["relatime", "noatime"]),
        OptionCase(options: ["nodiratime"], present: ["nodiratime"]),
        OptionCase(options: ["nosymfollow"], present: ["nosymfollow"]),
        OptionCase(options: ["nosuid", "nodev", "noexec", "relatime", "ro"], present: ["nosuid", "nodev", "noexec", "relatime", "ro"]),
        // Later options win over earlier ones.
        OptionCase(options: ["noexec", "exec"], present: [], absent: ["noexec"]),
        OptionCase(options: ["ro", "rw"], present: ["rw"], absent: ["ro"]),
        OptionCase(options: ["nosuid", "suid"], present: [], absent: ["nosuid"]),
        OptionCase(options: ["nodev", "dev"], present: [], absent: ["nodev"]),
    ]

    @Test(arguments: optionCases)
    func tmpfsMountOptions(_ c: OptionCase) throws {
        let result = try Observe.run("grep ' /opts ' /proc/self/mountinfo") { spec in
            spec.mounts?.append(Mount(destination: "/opts", type: "tmpfs", source: "tmpfs", options: c.options))
        }
        #expect(result.status == 0, "\(c.options): \(result.stderr)")
        let entry = try #require(MountEntry.at("/opts", in: result.stdout), "\(result.stdout)")
        #expect(entry.fsType == "tmpfs")
        for o in c.present { #expect(entry.options.contains(o), "\(c.options): \(entry)") }
        for o in c.absent { #expect(!entry.options.contains(o), "\(c.options): \(entry)") }
    }

    @Test(arguments: optionCases)
    func bindMountOptions(_ c: OptionCase) throws {
        let dir = try Self.hostDir()
        defer { Self.remove(dir) }
        let result = try Observe.run("grep ' /opts ' /proc/self/mountinfo") { spec in
            spec.mounts?.append(Mount(destination: "/opts", type: "bind", source: dir, options: ["rbind"] + c.options))
        }
        #expect(result.status == 0, "\(c.options): \(result.stderr)")
        let entry = try #require(MountEntry.at("/opts", in: result.stdout), "\(result.stdout)")
        for o in c.present { #expect(entry.options.contains(o), "\(c.options): \(entry)") }
        for o in c.absent { #expect(!entry.options.contains(o), "\(c.options): \(entry)") }
    }

    @Test(arguments: ["sync", "dirsync"])
    func superblockOptions(_ option: String) throws {
        let result = try Observe.run("grep ' /opts ' /proc/self/mountinfo") { spec in
            spec.mounts?.append(Mount(destination: "/opts", type: "tmpfs", source: "tmpfs", options: [option]))
        }
        #expect(result.status == 0, "\(result.stderr)")
        let entry = try #require(MountEntry.at("/opts", in: result.stdout))
        #expect(entry.superOptions.contains(option), "\(entry)")
    }

    @Test func noexecAndNosuidAreEnforced() throws {
        let result = try Observe.run("""
            cp /bin/busybox /ex/true && /ex/true && echo ex-ran
            cp /bin/busybox /noex/true && /noex/true 2>/dev/null || echo noex-denied
            """) { spec in
            spec.mounts? += [Mount(destination: "/ex", type: "tmpfs", source: "tmpfs", options: ["exec", "mode=755"]),
                             Mount(destination: "/noex", type: "tmpfs", source: "tmpfs", options: ["noexec", "mode=755"])]
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ex-ran\nnoex-denied\n")
    }

    // MARK: tmpfs data options

    @Test func tmpfsSizeAndMode() throws {
        let result = try Observe.run("""
            echo mode $(stat -c %a /scratch)
            echo owner $(stat -c %u:%g /scratch)
            dd if=/dev/zero of=/scratch/big bs=1024 count=2048 2>&1 | grep -o 'No space left on device' | head -1
            echo size $(du -k /scratch/big | cut -f1)
            grep ' /scratch ' /proc/self/mountinfo
            """) { spec in
            spec.mounts?.append(Mount(destination: "/scratch", type: "tmpfs", source: "tmpfs",
                                      options: ["nosuid", "size=1m", "mode=1733", "uid=1000", "gid=1000"]))
        }
        #expect(result.status == 0, "\(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        #expect(kv["mode"] == "1733")
        #expect(kv["owner"] == "1000:1000")
        #expect(result.stdout.contains("No space left on device"), "size=1m must cap the tmpfs: \(result.stdout)")
        #expect((Int(kv["size"] ?? "") ?? Int.max) <= 1024)
        let entry = try #require(MountEntry.at("/scratch", in: result.stdout))
        #expect(entry.superOptions.contains("size=1024k"), "\(entry)")
        #expect(entry.superOptions.contains("mode=1733"), "\(entry)")
        #expect(entry.superOptions.contains("uid=1000"), "\(entry)")
        #expect(entry.options.contains("nosuid"))
    }

    @Test func tmpcopyupSeedsTheTmpfsFromTheImage() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", """
            head -1 /etc/passwd; echo owner $(stat -c %u:%g:%a /etc/passwd)
            echo new > /etc/created-inside; echo shadowed > /etc/hosts
            grep ' /etc ' /proc/self/mountinfo
            """]) { spec in
            spec.mounts?.append(Mount(destination: "/etc", type: "tmpfs", source: "tmpfs", options: ["tmpcopyup", "mode=755"]))
        }
        let hostHosts = Observe.read(bundle.rootfs + "/etc/hosts")
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("root:x:0:0:root:/root:/bin/sh\n"), "image content copied up: \(result.stdout)")
        var st = stat()
        #expect(stat(TestEnv.rootfs + "/etc/passwd", &st) == 0)
        #expect(Observe.keyValues(result.stdout)["owner"] == "\(st.st_uid):\(st.st_gid):\(String(st.st_mode & 0o7777, radix: 8))")
        let entry = try #require(MountEntry.at("/etc", in: result.stdout), "\(result.stdout)")
        #expect(entry.fsType == "tmpfs")
        #expect(!FileManager.default.fileExists(atPath: bundle.rootfs + "/etc/created-inside"), "writes stay in the tmpfs")
        #expect(Observe.read(bundle.rootfs + "/etc/hosts") == hostHosts)
        #expect(!FileManager.default.fileExists(atPath: bundle.rootfs + "/.berth-tmpcopyup"), "no staging left in the image")
    }

    // MARK: idmapped bind mounts

    @Test(arguments: ["idmap", "ridmap", "none"])
    func idmappedBindInAUserNamespace(_ option: String) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let dir = try Self.hostDir("berth-idmap")
        defer { Self.remove(dir) }
        try "x\n".write(toFile: dir + "/owned-1000", atomically: false, encoding: .utf8)
        chown(dir + "/owned-1000", 1000, 1000)
        let bundle = try TestBundle(args: ["sh", "-c", """
            echo root $(stat -c %u:%g /mnt/id/file)
            echo user $(stat -c %u:%g /mnt/id/owned-1000)
            touch /mnt/id/created 2>/dev/null && echo created yes || echo created no
            """]) { spec in
            NamespaceTests.addUserNamespace(&spec)
            var m = Mount(destination: "/mnt/id", type: "bind", source: dir, options: option == "none" ? ["rbind"] : ["rbind", option])
            if option != "none" {
                m.uidMappings = NamespaceTests.mapping
                m.gidMappings = NamespaceTests.mapping
            }
            spec.mounts?.append(m)
        }
        // Root in the container is host 100000: it cannot create the mount point in a root-owned image.
        try FileManager.default.createDirectory(atPath: bundle.rootfs + "/mnt/id", withIntermediateDirectories: true)
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(option): \(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        if option == "none" {
            // Control: host ids outside the user namespace mapping show as the overflow id.
            #expect(kv["root"] == "65534:65534", "\(result.stdout)")
            #expect(kv["created"] == "no")
        } else {
            #expect(kv["root"] == "0:0", "\(option): host root's file is the container root's: \(result.stdout)")
            #expect(kv["user"] == "1000:1000", "\(option): \(result.stdout)")
            #expect(kv["created"] == "yes", "\(option): \(result.stdout)")
            var st = stat()
            #expect(stat(dir + "/created", &st) == 0)
            #expect(st.st_uid == 0 && st.st_gid == 0, "written through the idmapped mount as host 0: \(st.st_uid):\(st.st_gid)")
        }
    }

    @Test func idmapWithoutMappingsOrUserNamespaceIsAnError() throws {
        let dir = try Self.hostDir("berth-idmap")
        defer { Self.remove(dir) }
        let result = try Observe.run("true") { spec in
            spec.mounts?.append(Mount(destination: "/mnt/id", type: "bind", source: dir, options: ["rbind", "idmap"]))
        }
        #expect(result.status != 0, "config.md: idmap with no mappings and no user namespace MUST be an error")
    }

    // MARK: kernel filesystems

    @Test func defaultKernelFilesystems() throws {
        let result = try Observe.run("cat /proc/self/mountinfo; echo comm $(cat /proc/1/comm)")
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        let proc = try #require(MountEntry.at("/proc", in: text))
        #expect(proc.fsType == "proc")
        let sys = try #require(MountEntry.at("/sys", in: text))
        #expect(sys.fsType == "sysfs")
        #expect(Set(["ro", "nosuid", "nodev", "noexec"]).isSubset(of: sys.options), "\(sys)")
        let dev = try #require(MountEntry.at("/dev", in: text))
        #expect(dev.fsType == "tmpfs" && dev.options.contains("nosuid") && dev.superOptions.contains("mode=755"), "\(dev)")
        #expect(!dev.options.contains("relatime") && !dev.options.contains("noatime"), "strictatime: \(dev)")
        let pts = try #require(MountEntry.at("/dev/pts", in: text))
        #expect(pts.fsType == "devpts")
        #expect(Set(["nosuid", "noexec"]).isSubset(of: pts.options), "\(pts)")
        #expect(Set(["gid=5", "mode=620", "ptmxmode=666"]).isSubset(of: pts.superOptions), "\(pts)")
        let shm = try #require(MountEntry.at("/dev/shm", in: text))
        #expect(shm.fsType == "tmpfs" && shm.superOptions.contains("size=65536k"), "\(shm)")
        #expect(Set(["nosuid", "nodev", "noexec"]).isSubset(of: shm.options))
        let mq = try #require(MountEntry.at("/dev/mqueue", in: text))
        #expect(mq.fsType == "mqueue")
        #expect(Set(["nosuid", "nodev", "noexec"]).isSubset(of: mq.options), "\(mq)")
        #expect(Observe.keyValues(text)["comm"] == "sh", "the container's /proc belongs to its pid namespace")
    }

    @Test func devptsIsANewInstance() throws {
        let hostPts = Set(MountEntry.parse(Observe.read("/proc/self/mountinfo") ?? "").filter { $0.fsType == "devpts" }.map(\.device))
        let result = try Observe.run("grep ' /dev/pts ' /proc/self/mountinfo; echo ptmx $(stat -c %a /dev/pts/ptmx)")
        #expect(result.status == 0, "\(result.stderr)")
        let pts = try #require(MountEntry.at("/dev/pts", in: result.stdout))
        #expect(!hostPts.contains(pts.device), "devpts \(pts.device) is one of the host's \(hostPts)")
        #expect(Observe.keyValues(result.stdout)["ptmx"] == "666")
    }

    @Test func mqueueBelongsToTheContainerIpcNamespace() throws {
        let hostDev = MountEntry.at("/dev/mqueue", in: Observe.read("/proc/self/mountinfo") ?? "")?.device
        let result = try Observe.run("grep ' /dev/mqueue ' /proc/self/mountinfo; ls -A /dev/mqueue | wc -l")
        #expect(result.status == 0, "\(result.stderr)")
        let mq = try #require(MountEntry.at("/dev/mqueue", in: result.stdout))
        if let hostDev { #expect(mq.device != hostDev, "a new ipc namespace has its own mqueue instance") }
        #expect(result.stdout.hasSuffix("0\n"))
    }

    // MARK: cgroup

    static var hostHierarchies: [String] {
        MountEntry.parse(Observe.read("/proc/self/mountinfo") ?? "")
            .filter { ($0.fsType == "cgroup" || $0.fsType == "cgroup2") && $0.mountPoint.hasPrefix("/sys/fs/cgroup/") }
            .map { String($0.mountPoint.dropFirst("/sys/fs/cgroup/".count)) }.sorted()
    }

    @Test(arguments: [true, false])
    func cgroupMount(cgroupNamespace: Bool) throws {
        let result = try Observe.run("""
            cat /proc/self/mountinfo
            echo ===
            cat /proc/self/cgroup
            echo ===
            echo procs $(cat /sys/fs/cgroup/pids/cgroup.procs 2>&1 | tr '\\n' ' ')
            echo 1 > /sys/fs/cgroup/pids/cgroup.procs 2>/dev/null && echo cg-writable || echo cg-readonly
            """) { spec in
            if !cgroupNamespace { spec.linux?.namespaces?.removeAll { $0.type == .cgroup } }
        }
        #expect(result.status == 0, "\(result.stderr)")
        let parts = result.stdout.components(separatedBy: "===\n")
        try #require(parts.count == 3, "\(result.stdout)")
        let mounts = MountEntry.parse(parts[0])
        let top = try #require(mounts.last { $0.mountPoint == "/sys/fs/cgroup" })
        #expect(top.options.contains("ro") || top.fsType == "cgroup2")
        // Own cgroup per hierarchy, as the container sees it in /proc/self/cgroup.
        var own: [String: String] = [:]
        for line in parts[1].split(separator: "\n") {
            let f = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            if f.count == 3 { own[f[1].split(separator: ",").sorted().joined(separator: ",")] = String(f[2]) }
        }
        let inside = mounts.filter { ($0.fsType == "cgroup" || $0.fsType == "cgroup2") && $0.mountPoint.hasPrefix("/sys/fs/cgroup/") }
        let v1Names = Self.hostHierarchies.filter { $0 != "unified" }
        #expect(Set(v1Names).isSubset(of: Set(inside.map { String($0.mountPoint.dropFirst("/sys/fs/cgroup/".count)) })),
                "every v1 hierarchy of the host is mounted: \(inside.map(\.mountPoint))")
        for m in inside where m.fsType == "cgroup" {
            #expect(m.options.contains("ro"), "\(m)")
            #expect(Set(["nosuid", "nodev", "noexec"]).isSubset(of: m.options), "\(m)")
            let key = m.superOptions.filter { $0 != "rw" && $0 != "ro" && !$0.hasPrefix("release_agent") && $0 != "clone_children" }.sorted().joined(separator: ",")
            let path = try #require(own[key], "no /proc/self/cgroup line for \(key)")
            if cgroupNamespace {
                #expect(m.root == "/", "with a cgroup namespace the hierarchy root is the container's cgroup: \(m)")
                #expect(path == "/", "/proc/self/cgroup inside a cgroup namespace: \(key) \(path)")
            } else {
                #expect(path != "/", "without a cgroup namespace the host path shows: \(key)")
                #expect(m.root == path, "the container's own cgroup is bind-mounted: \(m) vs \(path)")
            }
        }
        let procs = (Observe.keyValues(parts[2])["procs"] ?? "").split(separator: " ")
        #expect(procs.contains("1"), "pids cgroup.procs shows the container's processes: \(parts[2])")
        #expect(procs.count <= 4, "only the container's processes: \(parts[2])")
        #expect(parts[2].contains("cg-readonly"))
    }

    // MARK: propagation flags on a bind mount

    @Test(arguments: ["rprivate", "private", "rslave", "slave", "rshared", "shared"])
    func bindPropagation(_ mode: String) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let source = try HostTmpfs(shared: true, prefix: "berth-bindprop")
        defer { source.cleanup() }
        let hostGroup = try #require(source.peerGroup)
        let before = Observe.hostMounts(under: source.path).count
        let bundle = try TestBundle(args: ["sh", "-c", "exec sleep 3630"]) { spec in
            spec.mounts?.append(Mount(destination: "/mnt/prop", type: "bind", source: source.path, options: ["rbind", mode]))
        }
        let id = TestEnv.uniqueName("bindprop")
        try Observe.runDetached(rt, bundle, id: id)
        defer { _ = try? rt.spawn("delete", "--force", id) }
        #expect(Observe.hostMounts(under: source.path).count == before, "container mounts leaked into the host")

        let info = try rt.spawn("exec", id, "cat", "/proc/self/mountinfo")
        #expect(info.status == 0, "\(info.stderr)")
        let entry = try #require(MountEntry.at("/mnt/prop", in: info.stdout))

        try FileManager.default.createDirectory(atPath: source.path + "/late", withIntermediateDirectories: true)
        #expect(try Observe.command(["/usr/bin/mount", "-t", "tmpfs", "late", source.path + "/late"]).status == 0)
        try "late\n".write(toFile: source.path + "/late/file", atomically: false, encoding: .utf8)
        let seen = try rt.spawn("exec", id, "cat", "/mnt/prop/late/file").stdout == "late\n"

        switch mode {
        case "rprivate", "private":
            #expect(entry.optional.isEmpty, "\(mode): \(entry)")
            #expect(!seen, "\(mode): host mount reached a private bind")
        case "rslave", "slave":
            #expect(entry.masterGroup == hostGroup && entry.sharedGroup == nil, "\(mode): \(entry)")
            #expect(seen, "\(mode): host mount did not reach a slave bind")
        default:
            #expect(entry.sharedGroup != nil && entry.sharedGroup != hostGroup, "\(mode): \(entry)")
        }
    }

    // MARK: destinations through symlinks

    struct EscapeCase: Sendable, CustomTestStringConvertible {
        var name: String
        var absoluteLink: Bool
        var bind: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        EscapeCase(name: "absolute symlink, tmpfs", absoluteLink: true, bind: false),
        EscapeCase(name: "relative ../ symlink, tmpfs", absoluteLink: false, bind: false),
        EscapeCase(name: "absolute symlink, bind", absoluteLink: true, bind: true),
    ])
    func symlinkedDestinationStaysInsideTheRootfs(_ c: EscapeCase) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let victim = NSTemporaryDirectory() + TestEnv.uniqueName("berth-victim")
        try FileManager.default.createDirectory(atPath: victim, withIntermediateDirectories: true)
        defer { Self.remove(victim) }
        let src = try Self.hostDir()
        defer { Self.remove(src) }
        let bundle = try TestBundle(args: ["sh", "-c", "cat /proc/self/mountinfo"]) { spec in
            spec.mounts?.append(c.bind ? Mount(destination: "/evil/x", type: "bind", source: src, options: ["rbind"])
                                       : Mount(destination: "/evil/x", type: "tmpfs", source: "tmpfs", options: ["size=1m"]))
        }
        let target = c.absoluteLink ? victim : String(repeating: "../", count: 12) + victim.dropFirst()
        try FileManager.default.createSymbolicLink(atPath: bundle.rootfs + "/evil", withDestinationPath: target)
        let result = try rt.spawnRun(bundle)
        // Either the mount lands inside the rootfs (as runc does) or the runtime refuses: never the host.
        #expect(try FileManager.default.contentsOfDirectory(atPath: victim).isEmpty, "the host directory was written to")
        #expect(Observe.hostMounts(under: victim).isEmpty, "a mount landed on the host")
        if result.status == 0 {
            let entry = MountEntry.at(victim + "/x", in: result.stdout)
            #expect(entry != nil, "the mount should be at the symlink's in-root resolution \(victim)/x: \(result.stdout)")
            #expect(FileManager.default.fileExists(atPath: bundle.rootfs + victim + "/x"))
        }
    }

    @Test func dotDotDestinationStaysInsideTheRootfs() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let victim = NSTemporaryDirectory() + TestEnv.uniqueName("berth-victim")
        try FileManager.default.createDirectory(atPath: victim, withIntermediateDirectories: true)
        defer { Self.remove(victim) }
        let bundle = try TestBundle(args: ["sh", "-c", "cat /proc/self/mountinfo"]) { spec in
            spec.mounts?.append(Mount(destination: "/../../../../../.." + victim + "/y", type: "tmpfs", source: "tmpfs"))
        }
        let result = try rt.spawnRun(bundle)
        #expect(try FileManager.default.contentsOfDirectory(atPath: victim).isEmpty)
        #expect(Observe.hostMounts(under: victim).isEmpty)
        if result.status == 0 {
            #expect(MountEntry.at(victim + "/y", in: result.stdout) != nil, "\(result.stdout)")
        }
    }

    // MARK: differential

    @Test func mountTableMatchesRunc() throws {
        let (berth, runc) = try Observe.differential("cat /proc/self/mountinfo")
        #expect(berth.status == 0, "\(berth.stderr)")
        guard let runc else { return }
        #expect(runc.status == 0, "\(runc.stderr)")
        // runc 1.1.5 on a hybrid host does not mount the cgroup2 hierarchy and leaves the
        // /sys/fs/cgroup tmpfs itself read-write; berth mirrors the host and honours "ro".
        let drop: Set<String> = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"]
        let b = Observe.normalizedMounts(berth.stdout, dropping: drop)
        let r = Observe.normalizedMounts(runc.stdout, dropping: drop)
        #expect(b == r, "berth-only: \(Set(b).subtracting(r)) runc-only: \(Set(r).subtracting(b))")
    }
}
