import CSeccomp
import Glibc

/// The string constants of the OCI seccomp section (config-linux.md, "as of libseccomp v2.6.0") and
/// their libseccomp values. Kept in one table so validation, compilation and `features` agree.
enum SeccompNames {
    // Action values are written out rather than imported: SCMP_ACT_ERRNO(x) and SCMP_ACT_TRACE(x) are
    // function-like macros that Swift cannot import, and the others are kept next to them for clarity.
    // Values from seccomp.h (libseccomp 2.5.4), which mirror SECCOMP_RET_* in linux/seccomp.h.
    static let actKillProcess: UInt32 = 0x8000_0000
    static let actKillThread: UInt32 = 0x0000_0000
    static let actTrap: UInt32 = 0x0003_0000
    static let actErrnoBase: UInt32 = 0x0005_0000  // SCMP_ACT_ERRNO(x) = 0x00050000 | (x & 0xffff)
    static let actNotify: UInt32 = 0x7fc0_0000
    static let actTraceBase: UInt32 = 0x7ff0_0000  // SCMP_ACT_TRACE(x) = 0x7ff00000 | (x & 0xffff)
    static let actLog: UInt32 = 0x7ffc_0000
    static let actAllow: UInt32 = 0x7fff_0000

    /// Spec order, which is also what `features` reports.
    static let actions: [String] = [
        "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
        "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
    ]

    /// Actions that carry an errno; the spec requires an error when errnoRet is given to any other.
    static let actionsWithErrno: Set<String> = ["SCMP_ACT_ERRNO", "SCMP_ACT_TRACE"]

    /// The libseccomp action value. ERRNO and TRACE default to EPERM when errnoRet is absent, as runc does.
    static func action(_ name: String, errnoRet: UInt32?) -> UInt32? {
        let code = (errnoRet ?? UInt32(EPERM)) & 0xffff
        switch name {
        case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD": return actKillThread
        case "SCMP_ACT_KILL_PROCESS": return actKillProcess
        case "SCMP_ACT_TRAP": return actTrap
        case "SCMP_ACT_ERRNO": return actErrnoBase | code
        case "SCMP_ACT_TRACE": return actTraceBase | code
        case "SCMP_ACT_ALLOW": return actAllow
        case "SCMP_ACT_LOG": return actLog
        case "SCMP_ACT_NOTIFY": return actNotify
        default: return nil
        }
    }

    static let operators: [String] = [
        "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
        "SCMP_CMP_MASKED_EQ",
    ]

    static func compare(_ name: String) -> scmp_compare? {
        switch name {
        case "SCMP_CMP_NE": return SCMP_CMP_NE
        case "SCMP_CMP_LT": return SCMP_CMP_LT
        case "SCMP_CMP_LE": return SCMP_CMP_LE
        case "SCMP_CMP_EQ": return SCMP_CMP_EQ
        case "SCMP_CMP_GE": return SCMP_CMP_GE
        case "SCMP_CMP_GT": return SCMP_CMP_GT
        case "SCMP_CMP_MASKED_EQ": return SCMP_CMP_MASKED_EQ
        default: return nil
        }
    }

    /// OCI architecture constant -> libseccomp's own architecture name. We let libseccomp turn the
    /// name into its token (seccomp_arch_resolve_name) instead of hard-coding AUDIT_ARCH_* values:
    /// the SCMP_ARCH_* macros are built from AUDIT_ARCH_* macros Swift does not import, and this way an
    /// architecture the installed libseccomp lacks (loongarch64, m68k, sh on 2.5.4) is detected, not guessed.
    static let architectures: [(oci: String, libseccomp: String)] = [
        ("SCMP_ARCH_X86", "x86"),
        ("SCMP_ARCH_X86_64", "x86_64"),
        ("SCMP_ARCH_X32", "x32"),
        ("SCMP_ARCH_ARM", "arm"),
        ("SCMP_ARCH_AARCH64", "aarch64"),
        ("SCMP_ARCH_MIPS", "mips"),
        ("SCMP_ARCH_MIPS64", "mips64"),
        ("SCMP_ARCH_MIPS64N32", "mips64n32"),
        ("SCMP_ARCH_MIPSEL", "mipsel"),
        ("SCMP_ARCH_MIPSEL64", "mipsel64"),
        ("SCMP_ARCH_MIPSEL64N32", "mipsel64n32"),
        ("SCMP_ARCH_PPC", "ppc"),
        ("SCMP_ARCH_PPC64", "ppc64"),
        ("SCMP_ARCH_PPC64LE", "ppc64le"),
        ("SCMP_ARCH_S390", "s390"),
        ("SCMP_ARCH_S390X", "s390x"),
        ("SCMP_ARCH_PARISC", "parisc"),
        ("SCMP_ARCH_PARISC64", "parisc64"),
        ("SCMP_ARCH_RISCV64", "riscv64"),
        ("SCMP_ARCH_LOONGARCH64", "loongarch64"),
        ("SCMP_ARCH_M68K", "m68k"),
        ("SCMP_ARCH_SH", "sh"),
        ("SCMP_ARCH_SHEB", "sheb"),
    ]

    static func libseccompArchName(_ oci: String) -> String? {
        architectures.first { $0.oci == oci }?.libseccomp
    }

    /// The libseccomp token for an OCI architecture name, or nil when the name is unknown to the spec
    /// or to the installed libseccomp (seccomp_arch_resolve_name returns 0 for names it lacks).
    static func archToken(_ oci: String) -> UInt32? {
        guard let name = libseccompArchName(oci) else { return nil }
        let token = seccomp_arch_resolve_name(name)
        return token == 0 ? nil : token
    }

    static let flags: [String] = [
        "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
    ]

    /// How libseccomp 2.5.4 expresses a seccomp(2) flag: a filter attribute plus the API level
    /// (seccomp_api_get) from which libseccomp and the kernel support it. WAIT_KILLABLE_RECV has no
    /// attribute before libseccomp 2.6 (SCMP_FLTATR_CTL_WAITKILL), so it is known but unsupported here.
    static func flagAttribute(_ flag: String) -> (attribute: scmp_filter_attr, minAPI: UInt32)? {
        switch flag {
        case "SECCOMP_FILTER_FLAG_TSYNC": return (SCMP_FLTATR_CTL_TSYNC, 2)
        case "SECCOMP_FILTER_FLAG_LOG": return (SCMP_FLTATR_CTL_LOG, 3)
        case "SECCOMP_FILTER_FLAG_SPEC_ALLOW": return (SCMP_FLTATR_CTL_SSB, 4)
        default: return nil
        }
    }

    /// Syscall argument indexes run 0...5 (struct seccomp_data has six args).
    static let maxArgIndex: UInt = 5
}
