import BerthCore
import BerthOCI
import BerthSeccomp
import Glibc
import Testing

/// Loading needs CAP_SYS_ADMIN (the filter does not force no_new_privs) and a seccomp-capable kernel.
let canLoadFilters = getuid() == 0 && SeccompSupport.apiLevel >= 1

/// Filters are loaded in forked children; serialized so the runner's other work is not also forking.
@Suite(.serialized, .enabled(if: canLoadFilters, "loading seccomp filters needs root and kernel seccomp support"))
struct SeccompFilterTests {
    /// Loads `filter` in a child, then runs `body` there; returns the child's exit code.
    func inFilteredChild(_ filter: SeccompFilter, _ body: () -> Int32) -> Int32 {
        ForkedChild.run {
            do {
                _ = try filter.load()
            } catch {
                return ForkedChild.loadFailed
            }
            return body()
        }
    }

    @Test func errnoRuleDefaultsToEPERM() throws {
        let filter = try SeccompFilter.compile(Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["unshare", "mkdirat", "not_a_syscall_anywhere"], action: "SCMP_ACT_ERRNO"),
        ]))
        #expect(!filter.usesNotify)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUTS)) } == EPERM)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(Int(mkdirat(AT_FDCWD, "/tmp/berth-seccomp-never", 0o700))) } == EPERM)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.getpid)) } == 0)
        // Without the filter the same call succeeds, so the EPERM above came from seccomp.
        #expect(ForkedChild.run { ForkedChild.outcome(RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUTS)) } == 0)
    }

    @Test func customErrnoRetAndDefaultErrnoRet() throws {
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["unshare"], action: "SCMP_ACT_ERRNO", errnoRet: UInt32(ENOSYS)),
        ])
        var filter = try SeccompFilter.compile(seccomp)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUTS)) } == ENOSYS)

        // Default ERRNO with defaultErrnoRet, getpid allowed explicitly (plus what the child needs to exit).
        seccomp = Seccomp(defaultAction: "SCMP_ACT_ERRNO", syscalls: [
            SeccompSyscall(names: ["getpid", "exit", "exit_group"], action: "SCMP_ACT_ALLOW"),
        ])
        seccomp.defaultErrnoRet = UInt32(EXDEV)
        filter = try SeccompFilter.compile(seccomp)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.getppid)) } == EXDEV)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.getpid)) } == 0)
    }

    @Test func argumentFilterMatchesOnlyTheValue() throws {
        let filter = try SeccompFilter.compile(Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["personality"], action: "SCMP_ACT_ERRNO", args: [
                SeccompArg(index: 0, value: 0xffff_ffff, op: "SCMP_CMP_EQ"),
            ]),
        ]))
        // personality(0xffffffff) only queries the persona; personality(0) sets PER_LINUX, which it already is.
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.personality, 0xffff_ffff)) } == EPERM)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.personality, 0)) } == 0)
    }

    @Test func sameIndexIsOrDifferentIndexesAreAnd() throws {
        let filter = try SeccompFilter.compile(Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            // Same index twice: two rules, either value is blocked.
            SeccompSyscall(names: ["personality"], action: "SCMP_ACT_ERRNO", args: [
                SeccompArg(index: 0, value: 0xffff_ffff, op: "SCMP_CMP_EQ"),
                SeccompArg(index: 0, value: 0x0008, op: "SCMP_CMP_EQ"),
            ]),
            // Different indexes: one rule, only AF_UNIX *and* SOCK_DGRAM is blocked.
            SeccompSyscall(names: ["socket"], action: "SCMP_ACT_ERRNO", errnoRet: UInt32(EACCES), args: [
                SeccompArg(index: 0, value: UInt64(AF_UNIX), op: "SCMP_CMP_EQ"),
                SeccompArg(index: 1, value: UInt64(SOCK_DGRAM.rawValue), op: "SCMP_CMP_EQ"),
            ]),
        ]))
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.personality, 0xffff_ffff)) } == EPERM)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.personality, 0x0008)) } == EPERM)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.personality, 0)) } == 0)
        let dgram = Int(SOCK_DGRAM.rawValue), stream = Int(SOCK_STREAM.rawValue)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.socket, Int(AF_UNIX), dgram)) } == EACCES)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.socket, Int(AF_UNIX), stream)) } == 0)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.socket, Int(AF_INET), dgram)) } == 0)
    }

    @Test func maskedEqualUsesValueTwo() throws {
        // Block unshare when (flags & CLONE_NEWUSER) == CLONE_NEWUSER, like Docker's clone rule.
        let filter = try SeccompFilter.compile(Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["unshare"], action: "SCMP_ACT_ERRNO", errnoRet: UInt32(ENOSYS), args: [
                SeccompArg(index: 0, value: UInt64(RawSyscall.cloneNewUser), valueTwo: UInt64(RawSyscall.cloneNewUser), op: "SCMP_CMP_MASKED_EQ"),
            ]),
        ]))
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUser | RawSyscall.cloneNewUTS)) } == ENOSYS)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUTS)) } == 0)
    }

    @Test func killProcessAction() throws {
        let filter = try SeccompFilter.compile(Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_KILL_PROCESS"),
        ]))
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.getppid)) } == 1000 + SIGSYS)
    }

    @Test func rulesEqualToTheDefaultAreSkipped() throws {
        // libseccomp rejects a rule that repeats the default action; compile must drop it instead.
        let filter = try SeccompFilter.compile(Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["getpid"], action: "SCMP_ACT_ALLOW"),
            SeccompSyscall(names: ["unshare"], action: "SCMP_ACT_ERRNO"),
        ]))
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUTS)) } == EPERM)
    }

    @Test func architecturesAndFlags() throws {
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["unshare"], action: "SCMP_ACT_ERRNO"),
        ])
        seccomp.architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"]
        seccomp.flags = SeccompSupport.supportedFlags
        let filter = try SeccompFilter.compile(seccomp)
        #expect(inFilteredChild(filter) { ForkedChild.outcome(RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUTS)) } == EPERM)
    }

    @Test func unsupportedArchitectureAndFlagAreClearErrors() {
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW")
        seccomp.flags = ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]
        #expect {
            _ = try SeccompFilter.compile(seccomp)
        } throws: { error in
            guard let error = error as? BerthError else { return false }
            return error.code == .unsupported
                && error.message.hasPrefix("config.json: linux.seccomp.flags[0]: flag \"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\" is not supported")
        }
        if SeccompSupport.archs.contains("SCMP_ARCH_LOONGARCH64") { return }
        seccomp.flags = nil
        seccomp.architectures = ["SCMP_ARCH_LOONGARCH64"]
        #expect {
            _ = try SeccompFilter.compile(seccomp)
        } throws: { error in
            (error as? BerthError)?.message.hasPrefix("config.json: linux.seccomp.architectures[0]: architecture \"SCMP_ARCH_LOONGARCH64\" is not supported") == true
        }
    }

    @Test func invalidConfigIsRejectedByCompile() {
        #expect(throws: BerthError.self) {
            _ = try SeccompFilter.compile(Seccomp(defaultAction: "SCMP_ACT_FOO"))
        }
    }

    @Test func notifyReturnsAListenerFd() throws {
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_NOTIFY"),
        ])
        seccomp.listenerPath = "/run/berth-test-agent.sock"
        let filter = try SeccompFilter.compile(seccomp)
        #expect(filter.usesNotify)
        guard SeccompSupport.apiLevel >= 5 else { return }
        let code = ForkedChild.run {
            let fd: Int32?
            do {
                fd = try filter.load()
            } catch {
                return ForkedChild.loadFailed
            }
            // The child must not call getppid now: nobody answers the notification.
            guard let fd, fd >= 0, fcntl(fd, F_GETFD) >= 0 else { return ForkedChild.unexpected }
            return 0
        }
        #expect(code == 0)
    }
}
