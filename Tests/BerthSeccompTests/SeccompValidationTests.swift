import BerthCore
import BerthOCI
import BerthSeccomp
import Testing

@Suite struct SeccompValidationTests {
    /// The message validation throws for `seccomp`, or nil if it passes.
    func message(_ seccomp: Seccomp) -> String? {
        do {
            try SeccompFilter.validate(seccomp)
            return nil
        } catch let error as BerthError {
            #expect(error.code == .invalidConfig)
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    func profile(_ syscalls: [SeccompSyscall], defaultAction: String = "SCMP_ACT_ALLOW") -> Seccomp {
        Seccomp(defaultAction: defaultAction, syscalls: syscalls)
    }

    @Test func acceptsTheSpecExample() {
        var seccomp = profile([SeccompSyscall(names: ["getcwd", "chmod"], action: "SCMP_ACT_ERRNO")])
        seccomp.architectures = ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]
        #expect(message(seccomp) == nil)
    }

    @Test func unknownDefaultAction() {
        #expect(message(profile([], defaultAction: "SCMP_ACT_NOPE"))
            == "config.json: linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NOPE\"")
    }

    @Test func unknownRuleActionNamesTheIndex() {
        let seccomp = profile([
            SeccompSyscall(names: ["getpid"], action: "SCMP_ACT_ALLOW"),
            SeccompSyscall(names: ["getcwd"], action: "SCMP_ACT_ERRNO"),
            SeccompSyscall(names: ["chmod"], action: "SCMP_ACT_LOG"),
            SeccompSyscall(names: ["mkdir"], action: "SCMP_ACT_FOO"),
        ], defaultAction: "SCMP_ACT_KILL")
        #expect(message(seccomp) == "config.json: linux.seccomp.syscalls[3].action: unknown action \"SCMP_ACT_FOO\"")
    }

    @Test func unknownOperator() {
        let seccomp = profile([
            SeccompSyscall(names: ["personality"], action: "SCMP_ACT_ERRNO", args: [
                SeccompArg(index: 0, value: 1, op: "SCMP_CMP_EQ"),
                SeccompArg(index: 1, value: 1, op: "SCMP_CMP_ALMOST"),
            ]),
        ])
        #expect(message(seccomp) == "config.json: linux.seccomp.syscalls[0].args[1].op: unknown operator \"SCMP_CMP_ALMOST\"")
    }

    @Test func argIndexAboveFive() {
        let seccomp = profile([
            SeccompSyscall(names: ["mmap"], action: "SCMP_ACT_ERRNO", args: [SeccompArg(index: 6, value: 0, op: "SCMP_CMP_EQ")]),
        ])
        #expect(message(seccomp)?.hasPrefix("config.json: linux.seccomp.syscalls[0].args[0].index: argument index 6 out of range") == true)
    }

    @Test func unknownArchitectureAndFlag() {
        var seccomp = profile([])
        seccomp.architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_VAX"]
        #expect(message(seccomp) == "config.json: linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_VAX\"")
        seccomp.architectures = nil
        seccomp.flags = ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_FAST"]
        #expect(message(seccomp) == "config.json: linux.seccomp.flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_FAST\"")
    }

    @Test func notifyNeedsListenerPath() {
        var seccomp = profile([SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_NOTIFY")])
        #expect(message(seccomp)
            == "config.json: linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY requires linux.seccomp.listenerPath")
        seccomp.listenerPath = "/run/agent.sock"
        #expect(message(seccomp) == nil)
    }

    @Test func notifyCannotBeTheDefaultOrCoverWrite() {
        var seccomp = profile([], defaultAction: "SCMP_ACT_NOTIFY")
        seccomp.listenerPath = "/run/agent.sock"
        #expect(message(seccomp) == "config.json: linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action")
        seccomp = profile([SeccompSyscall(names: ["read", "write"], action: "SCMP_ACT_NOTIFY")])
        seccomp.listenerPath = "/run/agent.sock"
        #expect(message(seccomp) == "config.json: linux.seccomp.syscalls[0].names[1]: SCMP_ACT_NOTIFY cannot be used for \"write\"")
    }

    @Test func listenerMetadataNeedsListenerPath() {
        var seccomp = profile([])
        seccomp.listenerMetadata = "agent-data"
        #expect(message(seccomp) == "config.json: linux.seccomp.listenerMetadata: must not be set without listenerPath")
    }

    @Test func errnoRetOnlyForErrnoAndTrace() {
        var seccomp = profile([SeccompSyscall(names: ["getpid"], action: "SCMP_ACT_LOG", errnoRet: 1)])
        #expect(message(seccomp) == "config.json: linux.seccomp.syscalls[0].errnoRet: SCMP_ACT_LOG does not take an errno")
        seccomp = profile([SeccompSyscall(names: ["getpid"], action: "SCMP_ACT_TRACE", errnoRet: 1)])
        #expect(message(seccomp) == nil)
        seccomp = profile([], defaultAction: "SCMP_ACT_ALLOW")
        seccomp.defaultErrnoRet = 1
        #expect(message(seccomp) == "config.json: linux.seccomp.defaultErrnoRet: SCMP_ACT_ALLOW does not take an errno")
        seccomp = profile([], defaultAction: "SCMP_ACT_ERRNO")
        seccomp.defaultErrnoRet = 70000
        #expect(message(seccomp) == "config.json: linux.seccomp.defaultErrnoRet: errno 70000 out of range (0...65535)")
    }

    @Test func emptyNames() {
        #expect(message(profile([SeccompSyscall(names: [], action: "SCMP_ACT_ERRNO")]))
            == "config.json: linux.seccomp.syscalls[0].names: must contain at least one syscall name")
    }

    @Test func sourceAndFieldArePrefixes() throws {
        do {
            try SeccompFilter.validate(profile([], defaultAction: "bogus"), source: "profile.json", field: "")
            Issue.record("expected an error")
        } catch let error as BerthError {
            #expect(error.description == "profile.json: defaultAction: unknown action \"bogus\"")
        }
    }
}
