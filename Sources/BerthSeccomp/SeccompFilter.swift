import BerthCore
import BerthOCI
import CSeccomp
import Glibc

/// A compiled seccomp filter: a libseccomp context built from the OCI `linux.seccomp` section.
///
/// The runtime compiles in the parent before forking (so errors reach the user and no allocation-heavy
/// work happens in the container's init), then calls `load()` in init as the last step before execve.
/// Not Sendable: the context is plain C state owned by one thread of a single-threaded runtime.
public final class SeccompFilter {
    /// The libseccomp context; nil for a filter served from the program cache.
    let context: scmp_filter_ctx?
    /// The generated BPF (8-byte sock_filter instructions) when known: loaded with seccomp(2) directly.
    private(set) var program: [UInt8]?
    /// SECCOMP_FILTER_FLAG_* bits for a direct load of `program`.
    private(set) var kernelFlags: UInt32 = 0

    /// True when some rule uses SCMP_ACT_NOTIFY: `load()` then returns the listener fd, which the
    /// runtime must send to `listenerPath`.
    public let usesNotify: Bool

    private init(context: scmp_filter_ctx, usesNotify: Bool) {
        self.context = context
        self.usesNotify = usesNotify
    }

    init(program: [UInt8], kernelFlags: UInt32) {
        context = nil
        usesNotify = false
        self.program = program
        self.kernelFlags = kernelFlags
    }

    /// From now on `load()` installs this program instead of asking libseccomp to generate it again.
    func useProgram(_ program: [UInt8], kernelFlags: UInt32) {
        self.program = program
        self.kernelFlags = kernelFlags
    }

    deinit {
        if let context { seccomp_release(context) }
    }

    /// Validates and compiles `seccomp` following runc's `InitSeccomp`: rules whose action equals the
    /// default are skipped (libseccomp rejects them), syscall names unknown to libseccomp are skipped
    /// (profiles list syscalls of newer kernels and other architectures), and no_new_privs is left to
    /// the runtime instead of being forced by seccomp_load.
    public static func compile(
        _ seccomp: Seccomp, source: String = "config.json", field: String = "linux.seccomp"
    ) throws -> SeccompFilter {
        try validate(seccomp, source: source, field: field)
        func invalid(_ path: String, _ what: String, _ rc: Int32? = nil) -> BerthError {
            BerthError(.invalidConfig, "\(source): \(fieldPath(field, path)): \(what)", cause: rc.map { errnoText(-$0) })
        }

        guard let defaultAction = SeccompNames.action(seccomp.defaultAction, errnoRet: seccomp.defaultErrnoRet)
        else { throw invalid(".defaultAction", "unknown action \(quoted(seccomp.defaultAction))") }
        guard let context = seccomp_init(defaultAction) else {
            throw BerthError(.system, "seccomp_init: cannot create a filter for \(fieldPath(field, ".defaultAction"))")
        }
        // From here the filter owns the context, so any throw below releases it in deinit.
        let usesNotify = (seccomp.syscalls ?? []).contains { $0.action == "SCMP_ACT_NOTIFY" }
        let filter = SeccompFilter(context: context, usesNotify: usesNotify)

        // libseccomp sets no_new_privs on load by default; the runtime decides NNP from process.noNewPrivileges.
        var rc = seccomp_attr_set(context, SCMP_FLTATR_CTL_NNP, 0)
        if rc < 0 { throw BerthError(.system, "seccomp: cannot clear the no_new_privs attribute", cause: errnoText(-rc)) }

        for (i, arch) in (seccomp.architectures ?? []).enumerated() {
            guard let token = SeccompNames.archToken(arch) else {
                throw BerthError(
                    .unsupported,
                    "\(source): \(fieldPath(field, ".architectures[\(i)]")): architecture \(quoted(arch)) is not supported by libseccomp \(SeccompSupport.libseccompVersion)")
            }
            rc = seccomp_arch_add(context, token)
            // The native architecture is already in a fresh context; listing it again is not an error.
            if rc < 0 && rc != -EEXIST { throw invalid(".architectures[\(i)]", "cannot add architecture \(quoted(arch))", rc) }
        }

        let api = seccomp_api_get()
        for (i, flag) in (seccomp.flags ?? []).enumerated() {
            guard let (attribute, minAPI) = SeccompNames.flagAttribute(flag) else {
                throw BerthError(
                    .unsupported,
                    "\(source): \(fieldPath(field, ".flags[\(i)]")): flag \(quoted(flag)) is not supported by libseccomp \(SeccompSupport.libseccompVersion)")
            }
            guard api >= minAPI else {
                throw BerthError(
                    .unsupported,
                    "\(source): \(fieldPath(field, ".flags[\(i)]")): flag \(quoted(flag)) needs libseccomp API level \(minAPI), this kernel and library provide \(api)")
            }
            rc = seccomp_attr_set(context, attribute, 1)
            if rc < 0 { throw invalid(".flags[\(i)]", "cannot set flag \(quoted(flag))", rc) }
        }

        for (i, call) in (seccomp.syscalls ?? []).enumerated() {
            guard let action = SeccompNames.action(call.action, errnoRet: call.errnoRet) else {
                throw invalid(".syscalls[\(i)].action", "unknown action \(quoted(call.action))")
            }
            // libseccomp refuses rules that repeat the default action (EACCES); they would be no-ops anyway.
            if action == defaultAction { continue }
            let groups = try conditionGroups(call.args ?? [], path: ".syscalls[\(i)].args", invalid: invalid)
            for (j, name) in call.names.enumerated() {
                // -1 is __NR_SCMP_ERROR: unknown to libseccomp for every architecture. Negative pseudo
                // numbers (e.g. socketcall on x86_64) are valid: libseccomp maps them per architecture.
                let number = seccomp_syscall_resolve_name(name)
                if number == -1 { continue }
                for conditions in groups {
                    rc = conditions.withUnsafeBufferPointer { buffer in
                        seccomp_rule_add_array(context, action, number, UInt32(buffer.count), buffer.baseAddress)
                    }
                    if rc < 0 {
                        throw invalid(".syscalls[\(i)].names[\(j)]", "cannot add a rule for \(quoted(name))", rc)
                    }
                }
            }
        }
        return filter
    }

    /// runc's grouping of argument conditions: conditions on distinct argument indexes form one rule
    /// (AND); if any index appears twice, every condition becomes its own rule (OR), since libseccomp
    /// cannot AND two comparisons of the same argument. No args means one unconditional rule.
    static func conditionGroups(
        _ args: [SeccompArg], path: String, invalid: (String, String, Int32?) -> BerthError
    ) throws -> [[scmp_arg_cmp]] {
        if args.isEmpty { return [[]] }
        var conditions: [scmp_arg_cmp] = []
        var seen = Set<UInt>()
        var repeated = false
        for (k, arg) in args.enumerated() {
            guard let op = SeccompNames.compare(arg.op) else {
                throw invalid("\(path)[\(k)].op", "unknown operator \(quoted(arg.op))", nil)
            }
            guard arg.index <= SeccompNames.maxArgIndex else {
                throw invalid("\(path)[\(k)].index", "argument index \(arg.index) out of range", nil)
            }
            if !seen.insert(arg.index).inserted { repeated = true }
            // For MASKED_EQ datum_a is the mask and datum_b the expected value: (arg & value) == valueTwo.
            conditions.append(
                scmp_arg_cmp(arg: UInt32(arg.index), op: op, datum_a: arg.value, datum_b: arg.valueTwo ?? 0))
        }
        return repeated ? conditions.map { [$0] } : [conditions]
    }

    /// Loads the filter into the calling process (and, with SECCOMP_FILTER_FLAG_TSYNC, its threads).
    /// Call it last before execve: every later syscall of the runtime is filtered too.
    /// - Returns: the notify listener fd when `usesNotify`, else nil. The caller owns the fd: send it to
    ///   the seccomp agent, then close it before execve.
    public func load() throws -> Int32? {
        if let program {
            let count = program.count / 8
            guard count > 0, count <= 4096, program.count % 8 == 0 else {
                throw BerthError(.system, "seccomp: the cached program has a bad length (\(program.count) bytes)")
            }
            let rc = program.withUnsafeBytes { berth_seccomp_load_program($0.baseAddress, UInt16(count), kernelFlags) }
            if rc < 0 { throw BerthError(.system, "seccomp: cannot load the filter", cause: errnoText(-rc)) }
            return nil
        }
        guard let context else { throw BerthError(.system, "seccomp: no filter to load") }
        let rc = seccomp_load(context)
        if rc < 0 { throw BerthError(.system, "seccomp: cannot load the filter", cause: errnoText(-rc)) }
        guard usesNotify else { return nil }
        let fd = seccomp_notify_fd(context)
        if fd < 0 { throw BerthError(.system, "seccomp: no notify fd after loading the filter", cause: errnoText(-fd)) }
        return fd
    }

    /// The filter as BPF, written to `fd` (seccomp_export_bpf); for debugging and tests.
    public func exportBPF(to fd: Int32) throws {
        if context == nil, let program {
            guard SeccompProgramCache.writeAll(fd, program) else { throw BerthError.sys("write seccomp program") }
            return
        }
        guard let context else { throw BerthError(.system, "seccomp: no filter to export") }
        let rc = seccomp_export_bpf(context, fd)
        if rc < 0 { throw BerthError(.system, "seccomp: cannot export the filter", cause: errnoText(-rc)) }
    }
}
