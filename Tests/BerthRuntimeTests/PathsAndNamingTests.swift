import BerthOCI
import Foundation
import Glibc
import Testing

/// linux.maskedPaths, linux.readonlyPaths, hostname, domainname and linux.sysctl.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct PathsAndNamingTests {
    static func hostSysctl(_ key: String) -> String? {
        Observe.read("/proc/sys/" + key.replacingOccurrences(of: ".", with: "/"))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func hostname() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        gethostname(&buf, buf.count)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: maskedPaths

    @Test func maskedFileReadsEmptyAndMaskedDirectoryIsEmpty() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", """
            echo file "$(cat /secret-file)" size $(wc -c < /secret-file)
            echo dir "$(ls -A /secret-dir | tr '\\n' ' ')"
            touch /secret-dir/new 2>/dev/null && echo dir-writable || echo dir-readonly
            echo x > /secret-file 2>/dev/null; echo rewritten "$(cat /secret-file)"
            echo visible "$(cat /visible)"
            cat /proc/self/mountinfo
            """]) { spec in
            spec.linux?.maskedPaths = ["/secret-file", "/secret-dir", "/does/not/exist"]
        }
        try "top secret\n".write(toFile: bundle.rootfs + "/secret-file", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: bundle.rootfs + "/secret-dir/inner", withIntermediateDirectories: true)
        try "hidden\n".write(toFile: bundle.rootfs + "/secret-dir/hidden", atomically: false, encoding: .utf8)
        try "shown\n".write(toFile: bundle.rootfs + "/visible", atomically: false, encoding: .utf8)
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "a missing masked path is ignored: \(result.stderr)")
        #expect(result.stdout.contains("file  size 0\n"), "\(result.stdout)")
        #expect(result.stdout.contains("dir \n"), "\(result.stdout)")
        #expect(result.stdout.contains("dir-readonly"))
        #expect(result.stdout.contains("rewritten \n"), "writes to a masked file go nowhere")
        #expect(result.stdout.contains("visible shown"))
        #expect(Observe.read(bundle.rootfs + "/secret-file") == "top secret\n", "the image file itself is untouched")
        let dirMask = try #require(MountEntry.at("/secret-dir", in: result.stdout))
        #expect(dirMask.options.contains("ro"), "\(dirMask)")
    }

    @Test func defaultMaskedProcPaths() throws {
        let result = try Observe.run("for p in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /proc/latency_stats; do [ -e $p ] && echo \"$p $(cat $p 2>/dev/null | wc -c)\"; done; echo acpi \"$(ls -A /proc/acpi 2>/dev/null)\"; echo firmware \"$(ls -A /sys/firmware 2>/dev/null)\"")
        #expect(result.status == 0, "\(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        for (key, value) in kv where key.hasPrefix("/proc/") {
            #expect(value == "0", "\(key) must read empty: \(value)")
        }
        if FileManager.default.fileExists(atPath: "/proc/acpi") { #expect(kv["acpi"] == "", "\(result.stdout)") }
        if FileManager.default.fileExists(atPath: "/sys/firmware") { #expect(kv["firmware"] == "", "\(result.stdout)") }
    }

    // MARK: readonlyPaths

    @Test func readonlyPathsRejectWrites() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", """
            echo read "$(cat /ro-dir/file)"
            touch /ro-dir/new 2>&1 | sed 's/.*: //'
            echo changed > /ro-file 2>/dev/null || echo file-readonly
            touch /rw-dir/new && echo rw ok
            echo 1 > /proc/sys/kernel/domainname 2>/dev/null || echo procsys-readonly
            cat /proc/self/mountinfo
            """]) { spec in
            spec.linux?.readonlyPaths?.append(contentsOf: ["/ro-dir", "/ro-file", "/not/there"])
        }
        for d in ["/ro-dir", "/rw-dir"] {
            try FileManager.default.createDirectory(atPath: bundle.rootfs + d, withIntermediateDirectories: true)
        }
        try "content\n".write(toFile: bundle.rootfs + "/ro-dir/file", atomically: false, encoding: .utf8)
        try "orig\n".write(toFile: bundle.rootfs + "/ro-file", atomically: false, encoding: .utf8)
        let result = try rt.spawnRun(bundle)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("read content"))
        #expect(result.stdout.contains("Read-only file system"), "\(result.stdout)")
        #expect(result.stdout.contains("file-readonly"))
        #expect(result.stdout.contains("rw ok"))
        #expect(result.stdout.contains("procsys-readonly"))
        #expect(!FileManager.default.fileExists(atPath: bundle.rootfs + "/ro-dir/new"))
        #expect(Observe.read(bundle.rootfs + "/ro-file") == "orig\n")
        for path in ["/ro-dir", "/ro-file", "/proc/sys"] {
            let entry = try #require(MountEntry.at(path, in: result.stdout), "\(path) not a mount")
            #expect(entry.options.contains("ro"), "\(entry)")
        }
    }

    // MARK: hostname and domainname

    @Test func hostnameAndDomainname() throws {
        let hostBefore = Self.hostname()
        let domainBefore = Self.hostSysctl("kernel.domainname")
        let result = try Observe.run("hostname; cat /proc/sys/kernel/hostname; cat /proc/sys/kernel/domainname; uname -n") { spec in
            spec.hostname = "berth-box"
            spec.domainname = "example.test"
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "berth-box\nberth-box\nexample.test\nberth-box\n")
        #expect(Self.hostname() == hostBefore)
        #expect(Self.hostSysctl("kernel.domainname") == domainBefore)
    }

    @Test func noHostnameKeepsTheCopiedName() throws {
        let result = try Observe.run("hostname") { $0.hostname = nil }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Self.hostname() + "\n", "a new uts namespace starts as a copy of the runtime's")
    }

    // MARK: sysctl

    @Test func namespacedSysctlsApplyInsideOnly() throws {
        let keys = ["net.ipv4.ip_forward", "net.ipv4.ip_default_ttl", "kernel.shmmax", "kernel.msgmax", "fs.mqueue.msg_max"]
        let before = Dictionary(uniqueKeysWithValues: keys.map { ($0, Self.hostSysctl($0)) })
        let script = keys.map { "echo \($0) $(cat /proc/sys/\($0.replacingOccurrences(of: ".", with: "/")))" }.joined(separator: "; ")
        let result = try Observe.run(script) { spec in
            spec.linux?.sysctl = ["net.ipv4.ip_forward": "1", "net.ipv4.ip_default_ttl": "99", "kernel.shmmax": "123456789",
                                  "kernel.msgmax": "4321", "fs.mqueue.msg_max": "33"]
        }
        #expect(result.status == 0, "\(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        #expect(kv["net.ipv4.ip_forward"] == "1")
        #expect(kv["net.ipv4.ip_default_ttl"] == "99")
        #expect(kv["kernel.shmmax"] == "123456789")
        #expect(kv["kernel.msgmax"] == "4321")
        #expect(kv["fs.mqueue.msg_max"] == "33")
        for k in keys { #expect(Self.hostSysctl(k) == before[k] ?? nil, "host \(k) changed") }
    }

    /// Runs the runtime inside a throwaway `unshare --net --ipc` so that "the runtime's namespaces"
    /// are disposable: a runtime that wrongly applies a sysctl there cannot touch the real host.
    /// Returns the runtime's exit status and the sysctl's value before and after, as the runtime saw it.
    static func runInDisposableNamespaces(key: String, value: String, dropping type: NamespaceType) throws -> (status: String?, before: String?, after: String?) {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["true"]) { spec in
            spec.linux?.namespaces?.removeAll { $0.type == type }
            spec.linux?.sysctl = [key: value]
        }
        let file = "/proc/sys/" + key.replacingOccurrences(of: ".", with: "/")
        let script = """
            echo "before=$(cat \(file))"
            "$0" --root "$1" run --bundle "$2" "$3" >/dev/null 2>&1; echo "status=$?"
            echo "after=$(cat \(file))"
            """
        let r = try Observe.command(["/usr/bin/unshare", "--net", "--ipc", "/bin/sh", "-c", script, rt.binary, rt.root, bundle.dir,
                               TestEnv.uniqueName("sysctl")])
        var kv: [String: String] = [:]
        for line in r.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { kv[String(parts[0])] = String(parts[1]) }
        }
        return (kv["status"], kv["before"], kv["after"])
    }

    @Test func netSysctlWithoutANetworkNamespaceIsRejected() throws {
        // runc refuses net.* sysctls in the runtime's network namespace: applying them changes the host.
        let r = try Self.runInDisposableNamespaces(key: "net.ipv4.ip_default_ttl", value: "77", dropping: .network)
        #expect(r.before != nil && r.before != "77")
        #expect(r.after == r.before, "the runtime's (host) net.ipv4.ip_default_ttl was modified")
        #expect(r.status != "0", "a net.* sysctl without a network namespace must be rejected")
    }

    @Test func ipcSysctlWithoutAnIpcNamespaceIsRejected() throws {
        let r = try Self.runInDisposableNamespaces(key: "kernel.msgmnb", value: "12345", dropping: .ipc)
        #expect(r.before != nil && r.before != "12345")
        #expect(r.after == r.before, "the runtime's (host) kernel.msgmnb was modified")
        #expect(r.status != "0", "an ipc sysctl without an ipc namespace must be rejected")
    }

    @Test func unknownSysctlIsAnError() throws {
        let result = try Observe.run("true") { $0.linux?.sysctl = ["net.ipv4.no_such_knob": "1"] }
        #expect(result.status != 0)
        #expect(result.stderr.contains("no_such_knob"), "the error names the key: \(result.stderr)")
    }

    // MARK: differential

    @Test func namingAndPathsMatchRunc() throws {
        let script = """
            hostname
            for p in /proc/kcore /proc/keys /proc/timer_list /proc/acpi /sys/firmware /masked; do
              if [ -d $p ]; then echo "$p dir $(ls -A $p | wc -l)"; elif [ -e $p ]; then echo "$p file $(cat $p 2>/dev/null | wc -c)"; else echo "$p absent"; fi
            done
            for p in /proc/sys/kernel/domainname /proc/sysrq-trigger /proc/irq /rodir/f; do
              (echo 1 > $p) 2>&1 | sed 's/.*: //' | head -1; echo "$p done"
            done
            """
        let (berth, runc) = try Observe.differential(script) { spec in
            // No domainname: runc 1.1.5 predates its support (it leaves "(none)").
            spec.hostname = "diffbox"
            spec.linux?.maskedPaths?.append(contentsOf: ["/masked"])
            spec.linux?.readonlyPaths?.append(contentsOf: ["/rodir"])
            spec.mounts?.append(Mount(destination: "/masked", type: "tmpfs", source: "tmpfs"))
            spec.mounts?.append(Mount(destination: "/rodir", type: "tmpfs", source: "tmpfs"))
        }
        #expect(berth.status == 0, "\(berth.stderr)")
        #expect(berth.stdout.hasPrefix("diffbox\n"))
        guard let runc else { return }
        #expect(runc.status == 0, "\(runc.stderr)")
        #expect(berth.stdout == runc.stdout)
    }
}
