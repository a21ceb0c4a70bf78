import BerthCore
import BerthOCI
import FoundationEssentials
import Glibc

/// Docker's seccomp profile format (moby `profiles/seccomp`, e.g. the default `seccomp-default.json`)
/// and its conversion to an OCI `Seccomp`, following moby's `setupSeccomp`: rules are kept or dropped by
/// the container's capabilities, the host architecture and the kernel version.
public enum DockerSeccompProfile {
    /// The profile as written on disk. Unknown fields are ignored, like Go's encoding/json.
    public struct Profile: Codable, Sendable, Equatable {
        public var defaultAction: String?
        public var defaultErrnoRet: UInt32?
        public var architectures: [String]?
        public var archMap: [ArchMapEntry]?
        public var flags: [String]?
        public var listenerPath: String?
        public var listenerMetadata: String?
        public var syscalls: [Syscall]?
    }

    public struct ArchMapEntry: Codable, Sendable, Equatable {
        public var architecture: String
        public var subArchitectures: [String]?
    }

    public struct Syscall: Codable, Sendable, Equatable {
        /// The old single-name form; moby rejects it together with `names`.
        public var name: String?
        public var names: [String]?
        public var action: String
        public var errnoRet: UInt32?
        public var args: [SeccompArg]?
        public var comment: String?
        public var includes: Filter?
        public var excludes: Filter?
    }

    /// A rule condition. moby's `minKernel` is a "major.minor" string.
    public struct Filter: Codable, Sendable, Equatable {
        public var caps: [String]?
        public var arches: [String]?
        public var minKernel: String?
    }

    /// The host architecture as moby spells it in `includes.arches` (Go's GOARCH, mapped like moby's goToNative).
    public static var hostArch: String {
        #if arch(x86_64)
        return "amd64"
        #elseif arch(arm64)
        return "arm64"
        #elseif arch(arm)
        return "arm"
        #elseif arch(i386)
        return "x86"
        #elseif arch(powerpc64le)
        return "ppc64le"
        #elseif arch(powerpc64)
        return "ppc64"
        #elseif arch(s390x)
        return "s390x"
        #elseif arch(riscv64)
        return "riscv64"
        #else
        return "unknown"
        #endif
    }

    /// moby's nativeToSeccomp: which `archMap` entry applies on a host.
    static let nativeToSeccomp: [String: String] = [
        "x86": "SCMP_ARCH_X86", "amd64": "SCMP_ARCH_X86_64", "arm": "SCMP_ARCH_ARM", "arm64": "SCMP_ARCH_AARCH64",
        "mips64": "SCMP_ARCH_MIPS64", "mips64n32": "SCMP_ARCH_MIPS64N32", "mipsel64": "SCMP_ARCH_MIPSEL64",
        "mips3l64n32": "SCMP_ARCH_MIPSEL64N32", "mipsle": "SCMP_ARCH_MIPSEL", "mips": "SCMP_ARCH_MIPS",
        "ppc64": "SCMP_ARCH_PPC64", "ppc64le": "SCMP_ARCH_PPC64LE", "riscv64": "SCMP_ARCH_RISCV64",
        "s390": "SCMP_ARCH_S390", "s390x": "SCMP_ARCH_S390X",
    ]

    /// Reads and converts a profile file.
    public static func load(path: String, capabilities: [String]) throws -> Seccomp {
        try from(bytes: readFile(path), capabilities: capabilities, source: path)
    }

    /// Decodes and converts a profile for a container with `capabilities` (its bounding set).
    /// An empty profile (no defaultAction, no syscalls) means "unconfined" to moby; it has no OCI
    /// equivalent here, so it is an error: use `decode` + `convert`, which return nil for it.
    public static func from(
        bytes: [UInt8], capabilities: [String], arch: String = hostArch, kernelRelease: String? = nil,
        source: String = "seccomp profile"
    ) throws -> Seccomp {
        let profile = try decode(bytes: bytes, source: source)
        guard
            let seccomp = try convert(
                profile, capabilities: capabilities, arch: arch, kernelRelease: kernelRelease, source: source)
        else {
            throw BerthError(.invalidConfig, "\(source): defaultAction: required (an empty profile disables seccomp)")
        }
        return seccomp
    }

    public static func decode(bytes: [UInt8], source: String = "seccomp profile") throws -> Profile {
        try JSONCoding.decode(Profile.self, from: bytes, source: source)
    }

    /// moby's setupSeccomp. Returns nil for an empty profile (seccomp disabled).
    /// - Parameters:
    ///   - capabilities: the container's bounding capabilities ("CAP_SYS_ADMIN" or "SYS_ADMIN").
    ///   - arch: the host architecture in moby's spelling (`hostArch`).
    ///   - kernelRelease: `uname -r`; nil reads it from the running kernel.
    public static func convert(
        _ profile: Profile, capabilities: [String], arch: String = hostArch, kernelRelease: String? = nil,
        source: String = "seccomp profile"
    ) throws -> Seccomp? {
        let defaultAction = profile.defaultAction ?? ""
        if defaultAction.isEmpty && (profile.syscalls ?? []).isEmpty { return nil }
        if !(profile.architectures ?? []).isEmpty && !(profile.archMap ?? []).isEmpty {
            throw BerthError(
                .invalidConfig, "\(source): both 'architectures' and 'archMap' are specified, use either one")
        }

        var seccomp = Seccomp(defaultAction: defaultAction)
        seccomp.defaultErrnoRet = profile.defaultErrnoRet
        seccomp.flags = profile.flags
        seccomp.listenerPath = profile.listenerPath
        seccomp.listenerMetadata = profile.listenerMetadata
        var architectures = profile.architectures ?? []
        if let native = nativeToSeccomp[arch], let entry = profile.archMap?.first(where: { $0.architecture == native }) {
            architectures.append(entry.architecture)
            architectures += entry.subArchitectures ?? []
        }
        seccomp.architectures = architectures.isEmpty ? nil : architectures

        let caps = Set(capabilities.map(normalizedCapability))
        var kernel: (Int, Int)?
        func kernelAtLeast(_ minimum: String, _ path: String) throws -> Bool {
            guard let wanted = parseKernelVersion(minimum, strict: true) else {
                throw BerthError(.invalidConfig, "\(source): \(path): invalid kernel version \"\(minimum)\", expected major.minor")
            }
            if kernel == nil {
                let release = kernelRelease ?? currentKernelRelease()
                guard let running = parseKernelVersion(release, strict: false) else {
                    throw BerthError(.system, "\(source): cannot parse the kernel release \"\(release)\"")
                }
                kernel = running
            }
            guard let (major, minor) = kernel else { return false }
            return major > wanted.0 || (major == wanted.0 && minor >= wanted.1)
        }

        var syscalls: [SeccompSyscall] = []
        rules: for (i, call) in (profile.syscalls ?? []).enumerated() {
            let at = "syscalls[\(i)]"
            var names = call.names ?? []
            if let name = call.name, !name.isEmpty {
                if !names.isEmpty {
                    throw BerthError(.invalidConfig, "\(source): \(at): both 'name' and 'names' are specified, use either one")
                }
                names = [name]
            }
            if let excludes = call.excludes {
                if let arches = excludes.arches, arches.contains(arch) { continue rules }
                if let excluded = excludes.caps, excluded.contains(where: { caps.contains(normalizedCapability($0)) }) {
                    continue rules
                }
                if let minimum = excludes.minKernel, try kernelAtLeast(minimum, "\(at).excludes.minKernel") {
                    continue rules
                }
            }
            if let includes = call.includes {
                if let arches = includes.arches, !arches.isEmpty, !arches.contains(arch) { continue rules }
                if let required = includes.caps, !required.allSatisfy({ caps.contains(normalizedCapability($0)) }) {
                    continue rules
                }
                if let minimum = includes.minKernel, try !kernelAtLeast(minimum, "\(at).includes.minKernel") {
                    continue rules
                }
            }
            syscalls.append(SeccompSyscall(names: names, action: call.action, errnoRet: call.errnoRet, args: call.args))
        }
        seccomp.syscalls = syscalls
        return seccomp
    }

    /// Capabilities compare as moby compares them, but tolerate the "SYS_ADMIN" and lowercase spellings.
    static func normalizedCapability(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
    }

    /// "major.minor" from a profile (strict: exactly two numbers) or from `uname -r` ("6.18.44-fc-v669").
    static func parseKernelVersion(_ text: String, strict: Bool) -> (Int, Int)? {
        if strict {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0
            else { return nil }
            return (major, minor)
        }
        let numbers = text.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard numbers.count == 2, text.first?.isNumber == true else { return nil }
        return (numbers[0], numbers[1])
    }

    static func currentKernelRelease() -> String {
        var name = utsname()
        guard uname(&name) == 0 else { return "" }
        return withUnsafeBytes(of: &name.release) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw BerthError.sys("open \(path)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw BerthError.sys("read \(path)")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
