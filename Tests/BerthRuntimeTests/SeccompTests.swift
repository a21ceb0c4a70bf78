import BerthOCI
import BerthSeccomp
import Foundation
import Glibc
import Testing

/// linux.seccomp: Docker's default profile, errnoRet, argument filters, an allow-list with a
/// default errno action, flags, and SCMP_ACT_NOTIFY with a listener (the test is the agent).
/// Outcomes come from /sysprobe (a static helper making one raw syscall: `ok <ret>` / `errno <n>`).
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct SeccompTests {
    static let dockerProfilePath = TestEnv.repo + "/../shared/specs/docker-defaults/seccomp-default.json"

    /// The default spec's capabilities, which the Docker profile conversion keys its rules on.
    static let caps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]

    func dockerDefault() throws -> Seccomp {
        try DockerSeccompProfile.load(path: Self.dockerProfilePath, capabilities: Self.caps)
    }

    /// Runs `script` with /sysprobe installed and the given seccomp config.
    func inside(_ script: String, seccomp: Seccomp?, configure: (inout Spec) -> Void = { _ in }) throws -> Shell.Result {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", script]) {
            $0.linux?.seccomp = seccomp
            configure(&$0)
        }
        try SysProbe.install(into: bundle)
        return try rt.run(bundle)
    }

    func lines(_ s: String) -> [String] { s.split(separator: "\n").map(String.init) }

    // MARK: Docker's default profile

    static let dockerProbe = """
        grep '^Seccomp:' /proc/self/status
        /sysprobe unshare-user; /sysprobe keyctl
        unshare -U true 2>&1; echo "unshare-exit=$?"
        echo still-alive
        """

    @Test func withoutSeccompUnshareAndKeyctlWork() throws {
        // The control: the same probes succeed when no filter is loaded, so the denials below are
        // seccomp's doing and not a missing capability.
        let r = try inside(Self.dockerProbe, seccomp: nil)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let l = lines(r.stdout)
        #expect(l.first == "Seccomp:\t0")
        #expect(l.dropFirst().first == "ok 0", "unshare(CLONE_NEWUSER): \(r.stdout)")
        #expect(l.dropFirst(2).first?.hasPrefix("errno 1") == false, "keyctl: \(r.stdout)")
        #expect(l.contains("unshare-exit=0"), "\(r.stdout)")
    }

    @Test func dockerDefaultProfileBlocksUnshareAndKeyctl() throws {
        let profile = try dockerDefault()
        #expect(profile.defaultAction == "SCMP_ACT_ERRNO")
        let r = try inside(Self.dockerProbe, seccomp: profile)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let l = lines(r.stdout)
        #expect(l.first == "Seccomp:\t2", "\(r.stdout)")
        #expect(l.dropFirst().first == "errno 1", "unshare(CLONE_NEWUSER) should be EPERM: \(r.stdout)")
        #expect(l.dropFirst(2).first == "errno 1", "keyctl should be EPERM: \(r.stdout)")
        #expect(r.stdout.contains("Operation not permitted"), "busybox unshare: \(r.stdout)")
        #expect(!l.contains("unshare-exit=0"))
        #expect(l.last == "still-alive")
    }

    @Test func dockerDefaultProfileUnderNonRootUserAndWithoutNoNewPrivs() throws {
        // Without no_new_privs the filter goes in before the capability drop; the result is the same.
        for (uid, nnp) in [(UInt32(1000), true), (0, false), (1000, false)] {
            let r = try inside(Self.dockerProbe, seccomp: try dockerDefault()) {
                $0.process?.user = User(uid: uid, gid: uid)
                $0.process?.noNewPrivileges = nnp
            }
            #expect(r.status == 0, "uid \(uid) nnp \(nnp): \(r.stderr)")
            let l = lines(r.stdout)
            #expect(l.first == "Seccomp:\t2", "uid \(uid) nnp \(nnp): \(r.stdout)")
            #expect(l.dropFirst().first == "errno 1", "uid \(uid) nnp \(nnp): \(r.stdout)")
            #expect(l.dropFirst(2).first == "errno 1", "uid \(uid) nnp \(nnp): \(r.stdout)")
        }
    }

    @Test func dockerDefaultProfileMatchesRunc() throws {
        guard let runc = RuntimeCLI.runc() else { return }
        defer { runc.cleanup() }
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", Self.dockerProbe + "\n/sysprobe personality 0xffffffff; /sysprobe mkdir /tmp/d; rmdir /tmp/d; /sysprobe uname"]) {
            $0.linux?.seccomp = try? dockerDefault()
        }
        try SysProbe.install(into: bundle)
        let ours = try rt.run(bundle)
        let theirs = try runc.run(bundle)
        #expect(theirs.status == 0, "runc: \(theirs.stderr)")
        #expect(ours.stdout == theirs.stdout)
    }

    // MARK: custom profiles

    @Test func errnoRetIsReturned() throws {
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["mkdir"], action: "SCMP_ACT_ERRNO", errnoRet: 38),
            SeccompSyscall(names: ["mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 13),
            SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_ERRNO"),
        ])
        seccomp.architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]
        let r = try inside("/sysprobe mkdir /tmp/a; /sysprobe mkdirat /tmp/b; /sysprobe getppid; mkdir /tmp/c 2>&1; ls /tmp", seccomp: seccomp)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let l = lines(r.stdout)
        #expect(l.first == "errno 38", "mkdir: \(r.stdout)")
        #expect(l.dropFirst().first == "errno 13", "mkdirat: \(r.stdout)")
        // errnoRet defaults to EPERM.
        #expect(l.dropFirst(2).first == "errno 1", "getppid: \(r.stdout)")
        #expect(!r.stdout.contains("sysprobe-dir") && !l.contains("a") && !l.contains("b") && !l.contains("c"), "\(r.stdout)")
    }

    @Test func argumentFilters() throws {
        let seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            // personality(PER_LINUX32) only.
            SeccompSyscall(names: ["personality"], action: "SCMP_ACT_ERRNO", errnoRet: 95,
                           args: [SeccompArg(index: 0, value: 8, op: "SCMP_CMP_EQ")]),
            // personality(x) with (x & 0x0f000000) == 0x04000000 (READ_IMPLIES_EXEC is 0x0400000: not it).
            SeccompSyscall(names: ["personality"], action: "SCMP_ACT_ERRNO", errnoRet: 96,
                           args: [SeccompArg(index: 0, value: 0x0f00_0000, valueTwo: 0x0400_0000, op: "SCMP_CMP_MASKED_EQ")]),
            // mkdirat(dirfd, path, mode) with mode > 0700.
            SeccompSyscall(names: ["mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 97,
                           args: [SeccompArg(index: 2, value: 0o700, op: "SCMP_CMP_GT")]),
        ])
        let script = """
            /sysprobe personality 8; /sysprobe personality 0x04000000; /sysprobe personality 0x0400000
            /sysprobe personality 0xffffffff; /sysprobe mkdirat /tmp/x; true
            """
        let r = try inside(script, seccomp: seccomp)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let l = lines(r.stdout)
        try #require(l.count == 5, "\(r.stdout)")
        #expect(l[0] == "errno 95", "personality(8): \(l[0])")
        #expect(l[1] == "errno 96", "personality(0x04000000): \(l[1])")
        #expect(l[2].hasPrefix("ok "), "personality(0x0400000) must pass: \(l[2])")
        #expect(l[3].hasPrefix("ok "), "personality(query) must pass: \(l[3])")
        #expect(l[4] == "errno 97", "mkdirat mode 0755 > 0700: \(l[4])")
    }

    @Test func defaultErrnoWithAllowList() throws {
        // Docker's profile is an allow-list over defaultAction SCMP_ACT_ERRNO. With getppid taken out
        // of it, getppid gets the default action like the never-listed keyctl, here with
        // defaultErrnoRet EOPNOTSUPP instead of Docker's EPERM; listed getpid still works.
        var seccomp = try dockerDefault()
        #expect(seccomp.defaultAction == "SCMP_ACT_ERRNO")
        seccomp.syscalls = (seccomp.syscalls ?? []).compactMap { rule in
            var rule = rule
            rule.names.removeAll { $0 == "getppid" }
            return rule.names.isEmpty ? nil : rule
        }
        seccomp.defaultErrnoRet = 95
        let r = try inside("echo alive; /sysprobe getppid; /sysprobe getpid; /sysprobe keyctl; true", seccomp: seccomp)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let l = lines(r.stdout)
        #expect(l.first == "alive")
        #expect(l.dropFirst().first == "errno 95", "getppid: \(r.stdout)")
        #expect(l.dropFirst(2).first?.hasPrefix("ok ") == true, "getpid: \(r.stdout)")
        #expect(l.dropFirst(3).first == "errno 95", "keyctl: \(r.stdout)")
    }

    @Test func killProcessAction() throws {
        let seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["keyctl"], action: "SCMP_ACT_KILL_PROCESS")])
        let r = try inside("/sysprobe keyctl; echo \"status=$?\"", seccomp: seccomp)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        // SIGSYS (31): the shell reports 128+31.
        #expect(r.stdout.contains("status=159"), "\(r.stdout)")
        #expect(!r.stdout.contains("ok "))
    }

    /// Kernel log records (from /dev/kmsg) that mention `needle`.
    func kernelLog(containing needle: String) -> [String] {
        let fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var found: [String] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EPIPE { continue }
            if n <= 0 { break }
            let line = String(decoding: buffer[0..<n], as: UTF8.self)
            if line.contains(needle) { found.append(line) }
        }
        return found
    }

    @Test func flagLogLogsDeniedSyscalls() throws {
        // SECCOMP_FILTER_FLAG_LOG: the errno action is logged (audit type=1326) for this filter. The
        // process name is unique so the log line can be found.
        let name = "sp\(UInt32.random(in: 100_000..<999_999))"
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_ERRNO", errnoRet: 38)])
        seccomp.flags = ["SECCOMP_FILTER_FLAG_LOG"]
        let r = try inside("cp /sysprobe /\(name); /\(name) getppid; grep '^Seccomp:' /proc/self/status", seccomp: seccomp)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "errno 38\nSeccomp:\t2\n")
        var logged = kernelLog(containing: "comm=\"\(name)\"")
        for _ in 0..<20 where logged.isEmpty { usleep(100_000); logged = kernelLog(containing: "comm=\"\(name)\"") }
        #expect(logged.contains { $0.contains("syscall=110") }, "no audit record for the logged filter: \(logged)")

        // Without the flag, the same denial is not logged.
        let quiet = "sq\(UInt32.random(in: 100_000..<999_999))"
        seccomp.flags = nil
        let r2 = try inside("cp /sysprobe /\(quiet); /\(quiet) getppid", seccomp: seccomp)
        #expect(r2.stdout == "errno 38\n")
        usleep(300_000)
        #expect(kernelLog(containing: "comm=\"\(quiet)\"").isEmpty)
    }

    @Test func actLogAllowsButLogs() throws {
        let name = "sl\(UInt32.random(in: 100_000..<999_999))"
        let seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_LOG")])
        let r = try inside("cp /sysprobe /\(name); /\(name) getppid", seccomp: seccomp)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("ok "), "\(r.stdout)")
        var logged = kernelLog(containing: "comm=\"\(name)\"")
        for _ in 0..<20 where logged.isEmpty { usleep(100_000); logged = kernelLog(containing: "comm=\"\(name)\"") }
        #expect(!logged.isEmpty, "SCMP_ACT_LOG left no audit record")
    }

    @Test(arguments: ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"])
    func otherFlagsLoad(flag: String) throws {
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_ERRNO", errnoRet: 38)])
        seccomp.flags = [flag]
        let r = try inside("/sysprobe getppid; grep '^Seccomp:' /proc/self/status", seccomp: seccomp)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "errno 38\nSeccomp:\t2\n")
    }

    @Test func unknownFlagIsRejectedNamingIt() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("seccomp")
        let bundle = try TestBundle(args: ["true"]) {
            var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW")
            seccomp.flags = ["SECCOMP_FILTER_FLAG_BOGUS"]
            $0.linux?.seccomp = seccomp
        }
        let r = try rt.run(bundle, id: id)
        #expect(r.status != 0)
        #expect(r.stderr.contains("SECCOMP_FILTER_FLAG_BOGUS") && r.stderr.contains("flags"), "stderr: \(r.stderr)")
        #expect(rt.state(id) == nil)
    }

    @Test func unknownSyscallNameIsRejectedNamingIt() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["true"]) {
            $0.linux?.seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["no_such_syscall_xyz"], action: "SCMP_ACT_ERRNO")])
        }
        let r = try rt.run(bundle)
        // runc ignores unknown names (they may exist on other kernels); either way it must not crash
        // and, if it fails, it must name the syscall.
        if r.status != 0 {
            #expect(r.stderr.contains("no_such_syscall_xyz"), "stderr: \(r.stderr)")
        }
    }

    // MARK: SCMP_ACT_NOTIFY

    /// struct seccomp_notif (80 bytes) and seccomp_notif_resp (24 bytes), linux/seccomp.h.
    static let notifRecv: UInt = 0xC050_2100
    static let notifSend: UInt = 0xC018_2101

    /// Answers one notification on `fd` with `val`; returns the syscall number and pid it saw.
    func answerOne(_ fd: Int32, val: Int64, timeout: Double = 20) throws -> (nr: Int32, pid: UInt32) {
        guard FdReceiver.waitReadable(fd, timeout: timeout) else { throw TestFailure("no seccomp notification within \(timeout)s") }
        var req = [UInt8](repeating: 0, count: 80)
        let r = req.withUnsafeMutableBytes { ioctl(fd, Self.notifRecv, $0.baseAddress!) }
        guard r == 0 else { throw TestFailure("SECCOMP_IOCTL_NOTIF_RECV: \(String(cString: strerror(errno)))") }
        let id = req.withUnsafeBytes { $0.load(fromByteOffset: 0, as: UInt64.self) }
        let pid = req.withUnsafeBytes { $0.load(fromByteOffset: 8, as: UInt32.self) }
        let nr = req.withUnsafeBytes { $0.load(fromByteOffset: 16, as: Int32.self) }
        var resp = [UInt8](repeating: 0, count: 24)
        resp.withUnsafeMutableBytes {
            $0.storeBytes(of: id, toByteOffset: 0, as: UInt64.self)
            $0.storeBytes(of: val, toByteOffset: 8, as: Int64.self)
        }
        let s = resp.withUnsafeMutableBytes { ioctl(fd, Self.notifSend, $0.baseAddress!) }
        guard s == 0 else { throw TestFailure("SECCOMP_IOCTL_NOTIF_SEND: \(String(cString: strerror(errno)))") }
        return (nr, pid)
    }

    @Test func notifyHandsTheListenerFdAndStateToTheAgent() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let agent = try FdReceiver()
        let id = TestEnv.uniqueName("notify")
        // keyctl: nothing but the probe makes it (busybox sh itself calls getppid at startup).
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["keyctl"], action: "SCMP_ACT_NOTIFY")])
        seccomp.listenerPath = agent.path
        seccomp.listenerMetadata = "agent-metadata-42"
        let bundle = try TestBundle(args: ["sh", "-c", "/sysprobe keyctl; /sysprobe getpid"]) {
            $0.linux?.seccomp = seccomp
            $0.annotations = ["org.berth.test": "notify"]
        }
        defer { withExtendedLifetime(bundle) {} }
        try SysProbe.install(into: bundle)
        let created = try rt.create(bundle, id: id)
        try #require(created.status == 0, "create: \(created.stderr)")
        let pid = try #require(rt.state(id)?["pid"] as? Int)
        #expect(try rt("start", id).status == 0)

        let got = try agent.receive(readToEOF: true)
        try #require(got.fd >= 0, "no notify fd arrived; payload: \(got.text)")
        defer { close(got.fd) }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(got.fd)")) ?? ""
        #expect(target == "anon_inode:seccomp notify", "received fd is \(target)")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(got.payload)) as? [String: Any], "payload: \(got.text)")
        #expect((json["ociVersion"] as? String)?.isEmpty == false)
        #expect(json["fds"] as? [String] == ["seccompFd"])
        #expect(json["pid"] as? Int == pid, "pid \(json["pid"] ?? "nil") vs container \(pid)")
        #expect(json["metadata"] as? String == "agent-metadata-42", "listenerMetadata must arrive as metadata: \(got.text)")
        let state = json["state"] as? [String: Any]
        #expect(state?["id"] as? String == id)
        #expect(state?["pid"] as? Int == pid)
        #expect(state?["bundle"] as? String == bundle.dir)
        #expect((state?["annotations"] as? [String: String])?["org.berth.test"] == "notify")
        #expect(state?["ociVersion"] as? String != nil)

        // Be the agent: answer the container's keyctl with 4242.
        let seen = try answerOne(got.fd, val: 4242)
        #expect(seen.nr == 250, "notified syscall \(seen.nr), expected keyctl (250)")
        #expect(rt.waitStatus(id, "stopped"))
        let out = (try? String(contentsOfFile: bundle.dir + "/out", encoding: .utf8)) ?? ""
        let l = lines(out)
        #expect(l.first == "ok 4242", "container saw: \(out)")
        #expect(l.dropFirst().first?.hasPrefix("ok ") == true, "getpid is not notified: \(out)")
        _ = try rt("delete", id)
    }

    @Test func notifyWithForegroundRun() throws {
        // `run` in the foreground: the agent answers while the runtime waits for the process.
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let agent = try FdReceiver()
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["keyctl"], action: "SCMP_ACT_NOTIFY")])
        seccomp.listenerPath = agent.path
        let bundle = try TestBundle(args: ["/sysprobe", "keyctl"]) { $0.linux?.seccomp = seccomp }
        try SysProbe.install(into: bundle)
        nonisolated(unsafe) var agentError: Error?
        let thread = Thread {
            do {
                let got = try agent.receive(readToEOF: true)
                defer { close(got.fd) }
                _ = try self.answerOne(got.fd, val: 777)
            } catch { agentError = error }
        }
        thread.start()
        let r = try rt.run(bundle)
        while !thread.isFinished { usleep(1000) }
        #expect(agentError == nil, "agent: \(String(describing: agentError))")
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "ok 777\n")
    }

    @Test func notifyWithoutListenerFailsCreate() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("notify")
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_NOTIFY")])
        seccomp.listenerPath = "/tmp/" + TestEnv.uniqueName("no-agent") + ".sock"
        let bundle = try TestBundle(args: ["true"]) { $0.linux?.seccomp = seccomp }
        defer { withExtendedLifetime(bundle) {} }
        let r = try rt.create(bundle, id: id)
        #expect(r.status != 0, "create succeeded without a seccomp agent listening")
        #expect(r.stderr.contains("listener") || r.stderr.contains("listenerPath"), "stderr: \(r.stderr)")
        #expect(rt.state(id) == nil)
        #expect(!FileManager.default.fileExists(atPath: rt.root + "/" + id))
    }
}
