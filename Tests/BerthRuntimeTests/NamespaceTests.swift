import BerthOCI
import Foundation
import Glibc
import Testing

/// linux.namespaces (created new, inherited, joined by path), uid/gid mappings and time offsets,
/// observed from inside the container through /proc/self/ns and friends.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct NamespaceTests {
    static let mapping = [IDMapping(containerID: 0, hostID: 100_000, size: 65536)]

    /// Adds a user namespace with the 0 -> 100000 (65536) mapping to a spec.
    static func addUserNamespace(_ spec: inout Spec) {
        if !(spec.linux?.namespaces ?? []).contains(where: { $0.type == .user }) {
            spec.linux?.namespaces?.append(Namespace(type: .user))
        }
        spec.linux?.uidMappings = mapping
        spec.linux?.gidMappings = mapping
    }

    // MARK: created new

    @Test(arguments: NamespaceType.known)
    func createdNewWhenListedWithoutPath(_ type: NamespaceType) throws {
        let file = Observe.nsFile(type)
        let host = try #require(Observe.namespace(file))
        let result = try Observe.run("readlink /proc/self/ns/\(file)") { spec in
            spec.linux?.namespaces?.removeAll { $0.type == type }
            spec.linux?.namespaces?.append(Namespace(type: type))
            if type == .user { Self.addUserNamespace(&spec) }
        }
        #expect(result.status == 0, "\(result.stderr)")
        let inside = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(inside.hasPrefix("\(file):["), "inside: \(inside)")
        #expect(inside != host, "a new \(type) namespace must differ from the runtime's \(host)")
    }

    @Test(arguments: [NamespaceType.pid, .network, .ipc, .uts, .cgroup])
    func inheritedWhenNotListed(_ type: NamespaceType) throws {
        let file = Observe.nsFile(type)
        let host = try #require(Observe.namespace(file))
        let result = try Observe.run("readlink /proc/self/ns/\(file)") { spec in
            spec.linux?.namespaces?.removeAll { $0.type == type }
            if type == .uts { spec.hostname = nil }
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == host)
    }

    @Test func defaultNamespacesIsolateTheContainer() throws {
        let result = try Observe.run("echo pid1 $$; echo procs $(ls /proc | grep -c '^[0-9]'); echo links $(ls /sys/class/net | tr '\\n' ' ')")
        #expect(result.status == 0, "\(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        #expect(kv["pid1"] == "1", "the container process is pid 1 of its pid namespace")
        // sh, and the ls/grep of the pipeline: nothing of the host.
        #expect(Int(kv["procs"] ?? "") ?? 99 <= 4, "\(result.stdout)")
        #expect(kv["links"]?.trimmingCharacters(in: .whitespaces) == "lo", "a new netns has only lo: \(result.stdout)")
    }

    @Test func duplicateNamespaceTypeIsRejected() throws {
        let result = try Observe.run("true") { spec in
            spec.linux?.namespaces?.append(Namespace(type: .network))
        }
        #expect(result.status != 0, "runtime-spec: duplicated namespace types MUST generate an error")
    }

    @Test func pathOfTheWrongTypeIsRejected() throws {
        let result = try Observe.run("true") { spec in
            spec.linux?.namespaces?.removeAll { $0.type == .uts }
            spec.linux?.namespaces?.append(Namespace(type: .uts, path: "/proc/self/ns/net"))
            spec.hostname = nil
        }
        #expect(result.status != 0, "runtime-spec: a path not associated with a namespace of that type MUST be an error")
    }

    // MARK: joined by path

    @Test func joinsNamespacesByPathOfAHolderProcess() throws {
        let holder = try BackgroundProcess(["/usr/bin/unshare", "--net", "--uts", "--ipc", "--cgroup", "--mount",
                                            "--pid", "--fork", "/bin/sleep", "3601"])
        defer { holder.stop() }
        let child = try #require(holder.child(), "unshare --fork started no child")
        #expect(holder.waitForExec(of: child, comm: "sleep"))
        let types: [NamespaceType] = [.network, .uts, .ipc, .cgroup, .mount, .pid]
        var expected: [String: String] = [:]
        for t in types { expected[Observe.nsFile(t)] = Observe.namespace(Observe.nsFile(t), pid: "\(child)") }
        for t in types { #expect(expected[Observe.nsFile(t)] != Observe.namespace(Observe.nsFile(t)), "holder must have its own \(t)") }

        let files = types.map(Observe.nsFile)
        let result = try Observe.run(Observe.nsScript(files) + "; echo sleeper $(ps -o args | grep -c '[s]leep 3601')") { spec in
            spec.linux?.namespaces = types.map { Namespace(type: $0, path: "/proc/\(child)/ns/\(Observe.nsFile($0))") }
            spec.hostname = nil
        }
        #expect(result.status == 0, "\(result.stderr)")
        let inside = Observe.keyValues(result.stdout)
        for f in files {
            #expect(inside[f] == expected[f], "\(f): inside \(inside[f] ?? "-") vs holder \(expected[f] ?? "-")")
        }
        #expect(inside["sleeper"] == "1", "the joined pid namespace shows the holder's sleep: \(result.stdout)")
    }

    @Test func joinsTheNamespacesOfAnotherContainer() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let first = try TestBundle(args: ["sh", "-c", "exec sleep 3602"]) { $0.hostname = "pod-sandbox" }
        let firstID = TestEnv.uniqueName("sandbox")
        let pid = try Observe.runDetached(rt, first, id: firstID)
        let types: [NamespaceType] = [.network, .ipc, .uts, .pid]
        let second = try TestBundle(args: ["sh", "-c", Observe.nsScript(types.map(Observe.nsFile))
                                                + "; echo host $(hostname); echo sleeper $(ps -o args | grep -c '[s]leep 3602')"]) { spec in
            spec.linux?.namespaces?.removeAll { types.contains($0.type) }
            spec.linux?.namespaces? += types.map { Namespace(type: $0, path: "/proc/\(pid)/ns/\(Observe.nsFile($0))") }
            spec.hostname = nil
        }
        let result = try rt.spawnRun(second)
        #expect(result.status == 0, "\(result.stderr)")
        let inside = Observe.keyValues(result.stdout)
        for t in types {
            let f = Observe.nsFile(t)
            #expect(inside[f] == Observe.namespace(f, pid: "\(pid)"), "\(f) of the second container")
            #expect(inside[f] != Observe.namespace(f), "\(f) must not be the host's")
        }
        #expect(inside["host"] == "pod-sandbox", "joined uts namespace carries the first container's hostname")
        #expect(inside["sleeper"] == "1", "joined pid namespace shows the first container's process")
        // The mount namespace was not joined: it is the second container's own.
        _ = try rt.spawn("kill", firstID, "KILL")
    }

    @Test func joinsAUserNamespaceByPath() throws {
        let holder = try BackgroundProcess(["/usr/bin/unshare", "--user", "/bin/sleep", "3603"])
        defer { holder.stop() }
        let pid = holder.pid
        #expect(holder.waitForExec(of: pid, comm: "sleep"))
        #expect(Observe.namespace("user", pid: "\(pid)") != Observe.namespace("user"))
        // Map the holder's user namespace from the outside, as a privileged parent may.
        try "0 100000 65536\n".write(toFile: "/proc/\(pid)/uid_map", atomically: false, encoding: .utf8)
        try "0 100000 65536\n".write(toFile: "/proc/\(pid)/gid_map", atomically: false, encoding: .utf8)

        let bundle = try TestBundle(args: ["sh", "-c", "readlink /proc/self/ns/user; cat /proc/self/uid_map; id -u; touch /tmp/joined-owned"]) { spec in
            spec.linux?.namespaces?.append(Namespace(type: .user, path: "/proc/\(pid)/ns/user"))
        }
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.first == Observe.namespace("user", pid: "\(pid)"))
        #expect(lines.dropFirst().first == "0 100000 65536", "\(result.stdout)")
        #expect(lines.dropFirst(2).first == "0", "\(result.stdout)")
        var st = stat()
        #expect(stat(bundle.rootfs + "/tmp/joined-owned", &st) == 0)
        #expect(st.st_uid == 100_000 && st.st_gid == 100_000, "owner on the host: \(st.st_uid):\(st.st_gid)")
    }

    @Test func joinsATimeNamespaceByPath() throws {
        let holder = try BackgroundProcess(["/usr/bin/unshare", "--time", "--boottime", "200000", "--fork", "/bin/sleep", "3604"])
        defer { holder.stop() }
        let child = try #require(holder.child())
        #expect(holder.waitForExec(of: child, comm: "sleep"))
        let before = try Self.hostUptime()
        let result = try Observe.run("readlink /proc/self/ns/time; cut -d' ' -f1 /proc/uptime") { spec in
            spec.linux?.namespaces?.append(Namespace(type: .time, path: "/proc/\(child)/ns/time"))
        }
        let after = try Self.hostUptime()
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == Observe.namespace("time", pid: "\(child)"))
        let inside = try #require(Double(lines.last ?? ""), "\(result.stdout)")
        #expect(inside >= before + 200_000 - 1 && inside <= after + 200_000 + 1, "uptime inside \(inside), host \(before)...\(after)")
    }

    // MARK: user namespace mappings

    @Test func uidAndGidMappings() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", """
            echo uid_map $(cat /proc/self/uid_map); echo gid_map $(cat /proc/self/gid_map)
            echo uid $(id -u); echo gid $(id -g); echo passwd_owner $(stat -c %u:%g /etc/passwd)
            touch /tmp/owned && mkdir /tmp/owned-dir && echo created yes
            """]) { Self.addUserNamespace(&$0) }
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        #expect(kv["uid_map"] == "0 100000 65536")
        #expect(kv["gid_map"] == "0 100000 65536")
        #expect(kv["uid"] == "0")
        #expect(kv["gid"] == "0")
        // Host root is unmapped inside: the overflow id.
        #expect(kv["passwd_owner"] == "65534:65534")
        #expect(kv["created"] == "yes", "\(result.stdout) \(result.stderr)")
        for path in ["/tmp/owned", "/tmp/owned-dir"] {
            var st = stat()
            #expect(stat(bundle.rootfs + path, &st) == 0)
            #expect(st.st_uid == 100_000 && st.st_gid == 100_000, "\(path) on the host: \(st.st_uid):\(st.st_gid)")
        }
    }

    @Test func userNamespaceCannotUseHostRootPrivileges() throws {
        // Root in the container is 100000 on the host: a root-only host file stays unreadable.
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", "cat /root-only 2>/dev/null && echo read || echo denied"]) { Self.addUserNamespace(&$0) }
        try "secret\n".write(toFile: bundle.rootfs + "/root-only", atomically: false, encoding: .utf8)
        chmod(bundle.rootfs + "/root-only", 0o600)
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "denied\n")
    }

    // MARK: time namespace

    @Test func timeNamespaceOffsets() throws {
        let before = try Self.hostUptime()
        let result = try Observe.run("cat /proc/self/timens_offsets; echo uptime $(cut -d' ' -f1 /proc/uptime)") { spec in
            spec.linux?.namespaces?.append(Namespace(type: .time))
            spec.linux?.timeOffsets = ["boottime": TimeOffset(secs: 100_000, nanosecs: 0),
                                       "monotonic": TimeOffset(secs: 50_000, nanosecs: 500)]
        }
        let after = try Self.hostUptime()
        #expect(result.status == 0, "\(result.stderr)")
        let offsets = result.stdout.split(separator: "\n").filter { !$0.hasPrefix("uptime") }
            .map { $0.split(separator: " ").joined(separator: " ") }
        #expect(offsets.contains("monotonic 50000 500"), "\(result.stdout)")
        #expect(offsets.contains("boottime 100000 0"), "\(result.stdout)")
        let uptime = try #require(Double(Observe.keyValues(result.stdout)["uptime"] ?? ""))
        #expect(uptime >= before + 100_000 - 1 && uptime <= after + 100_000 + 1, "inside \(uptime), host \(before)...\(after)")
    }

    @Test func timeNamespaceWithoutOffsetsKeepsHostClocks() throws {
        let before = try Self.hostUptime()
        let result = try Observe.run("readlink /proc/self/ns/time; cut -d' ' -f1 /proc/uptime") { spec in
            spec.linux?.namespaces?.append(Namespace(type: .time))
        }
        let after = try Self.hostUptime()
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first != Observe.namespace("time"))
        let uptime = try #require(Double(lines.last ?? ""))
        #expect(uptime >= before - 1 && uptime <= after + 1)
    }

    static func hostUptime() throws -> Double {
        let text = try #require(Observe.read("/proc/uptime"))
        return try #require(Double(text.split(separator: " ").first ?? ""))
    }

    // MARK: differential

    @Test func namespaceLayoutMatchesRunc() throws {
        let files = ["pid", "net", "mnt", "ipc", "uts", "cgroup", "user"]
        // Print "same"/"new" against the runtime's namespaces, which both runtimes share.
        var script = ""
        for f in files { script += "[ \"$(readlink /proc/self/ns/\(f))\" = \"\(Observe.namespace(f) ?? "")\" ] && echo \(f) same || echo \(f) new; " }
        let (berth, runc) = try Observe.differential(script)
        #expect(berth.status == 0, "\(berth.stderr)")
        let expected = ["pid new", "net new", "mnt new", "ipc new", "uts new", "cgroup new", "user same"]
        #expect(berth.stdout.split(separator: "\n").map(String.init) == expected)
        if let runc {
            #expect(runc.status == 0, "\(runc.stderr)")
            #expect(berth.stdout == runc.stdout)
        }
    }
}
