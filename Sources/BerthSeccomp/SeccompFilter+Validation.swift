import BerthCore
import BerthOCI

extension SeccompFilter {
    /// Checks a seccomp section without touching libseccomp or the kernel, so `create` can reject a bad
    /// config before forking and tests can exercise every rule. Errors name the field at fault:
    /// `config.json: linux.seccomp.syscalls[3].action: unknown action "SCMP_ACT_FOO"`.
    /// - Parameters:
    ///   - source: the document the section came from (the message prefix).
    ///   - field: the section's path inside that document.
    public static func validate(
        _ seccomp: Seccomp, source: String = "config.json", field: String = "linux.seccomp"
    ) throws {
        func fail(_ path: String, _ what: String) -> BerthError {
            BerthError(.invalidConfig, "\(source): \(fieldPath(field, path)): \(what)")
        }

        guard SeccompNames.actions.contains(seccomp.defaultAction) else {
            throw fail(".defaultAction", "unknown action \(quoted(seccomp.defaultAction))")
        }
        // The notify fd only exists for rules that notify; a default of NOTIFY would also trap the
        // runtime's own syscalls between loading the filter and execve (runc rejects it too).
        if seccomp.defaultAction == "SCMP_ACT_NOTIFY" {
            throw fail(".defaultAction", "SCMP_ACT_NOTIFY cannot be the default action")
        }
        if let code = seccomp.defaultErrnoRet {
            try checkErrnoRet(code, action: seccomp.defaultAction, path: ".defaultErrnoRet", fail: fail)
        }

        for (i, arch) in (seccomp.architectures ?? []).enumerated()
        where SeccompNames.libseccompArchName(arch) == nil {
            throw fail(".architectures[\(i)]", "unknown architecture \(quoted(arch))")
        }
        for (i, flag) in (seccomp.flags ?? []).enumerated() where !SeccompNames.flags.contains(flag) {
            throw fail(".flags[\(i)]", "unknown flag \(quoted(flag))")
        }

        let hasListener = !(seccomp.listenerPath ?? "").isEmpty
        if !hasListener, let metadata = seccomp.listenerMetadata, !metadata.isEmpty {
            throw fail(".listenerMetadata", "must not be set without listenerPath")
        }

        for (i, call) in (seccomp.syscalls ?? []).enumerated() {
            let at = ".syscalls[\(i)]"
            if call.names.isEmpty {
                throw fail("\(at).names", "must contain at least one syscall name")
            }
            for (j, name) in call.names.enumerated() where name.isEmpty {
                throw fail("\(at).names[\(j)]", "empty syscall name")
            }
            guard SeccompNames.actions.contains(call.action) else {
                throw fail("\(at).action", "unknown action \(quoted(call.action))")
            }
            if let code = call.errnoRet {
                try checkErrnoRet(code, action: call.action, path: "\(at).errnoRet", fail: fail)
            }
            if call.action == "SCMP_ACT_NOTIFY" {
                // config-linux.md: the runtime must send the notify fd to listenerPath; without one
                // the notifying syscalls would block forever.
                if !hasListener {
                    throw fail("\(at).action", "SCMP_ACT_NOTIFY requires linux.seccomp.listenerPath")
                }
                // The runtime writes to its sync pipe after loading the filter; notifying on write would
                // deadlock it before the agent ever gets the fd (runc has the same rule).
                if let j = call.names.firstIndex(of: "write") {
                    throw fail("\(at).names[\(j)]", "SCMP_ACT_NOTIFY cannot be used for \"write\"")
                }
            }
            for (k, arg) in (call.args ?? []).enumerated() {
                if arg.index > SeccompNames.maxArgIndex {
                    throw fail(
                        "\(at).args[\(k)].index",
                        "argument index \(arg.index) out of range (0...\(SeccompNames.maxArgIndex))")
                }
                guard SeccompNames.compare(arg.op) != nil else {
                    throw fail("\(at).args[\(k)].op", "unknown operator \(quoted(arg.op))")
                }
            }
        }
    }

    /// errnoRet is only meaningful for ERRNO and TRACE (the spec says to fail otherwise), and the
    /// kernel keeps 16 bits of it (SECCOMP_RET_DATA), so larger values would silently change meaning.
    private static func checkErrnoRet(
        _ code: UInt32, action: String, path: String, fail: (String, String) -> BerthError
    ) throws {
        guard SeccompNames.actionsWithErrno.contains(action) else {
            throw fail(path, "\(action) does not take an errno")
        }
        if code > 0xffff {
            throw fail(path, "errno \(code) out of range (0...65535)")
        }
    }

    /// `field` + `path` (".syscalls[0]"), without a leading dot when the section is the whole document.
    static func fieldPath(_ field: String, _ path: String) -> String {
        field.isEmpty ? String(path.drop { $0 == "." }) : field + path
    }

    static func quoted(_ text: String) -> String {
        "\"\(text)\""
    }
}
