import BerthCore
import BerthOCI
import BerthSeccomp
import Glibc
import Testing

/// Docker's default profile, as shipped with moby (a copy lives in the shared specs, `../shared`
/// beside the repository, as CI lays it out).
let dockerDefaultProfilePath: String = {
    var repo = #filePath
    for _ in 0..<3 { repo = String(repo[..<(repo.lastIndex(of: "/") ?? repo.endIndex)]) }
    let parent = String(repo[..<(repo.lastIndex(of: "/") ?? repo.endIndex)])
    return parent + "/shared/specs/docker-defaults/seccomp-default.json"
}()
let haveDockerProfile = access(dockerDefaultProfilePath, R_OK) == 0

@Suite(.serialized, .enabled(if: haveDockerProfile, "needs Docker's seccomp-default.json in ../shared/specs beside the repository"))
struct DockerSeccompProfileTests {
    func convert(caps: [String] = CapabilityNames.dockerDefault, arch: String = "amd64", kernel: String = "6.1.0") throws -> Seccomp {
        let profile = try DockerSeccompProfile.decode(bytes: bytes(dockerDefaultProfilePath))
        let seccomp = try DockerSeccompProfile.convert(profile, capabilities: caps, arch: arch, kernelRelease: kernel)
        return try #require(seccomp)
    }

    func bytes(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw BerthError.sys("open \(path)") }
        defer { fclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n == 0 { break }
            out += chunk[0..<n]
        }
        return out
    }

    /// The rules that mention `name`, as (action, errnoRet, args).
    func rules(_ seccomp: Seccomp, _ name: String) -> [SeccompSyscall] {
        (seccomp.syscalls ?? []).filter { $0.names.contains(name) }
    }

    @Test func topLevelAndArchMap() throws {
        let seccomp = try convert()
        #expect(seccomp.defaultAction == "SCMP_ACT_ERRNO")
        #expect(seccomp.defaultErrnoRet == 1)
        #expect(seccomp.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        #expect(try convert(arch: "arm64").architectures == ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"])
        try SeccompFilter.validate(seccomp)
    }

    @Test func capabilitiesGateRules() throws {
        let plain = try convert()
        #expect(rules(plain, "unshare").isEmpty)
        #expect(rules(plain, "bpf").isEmpty)
        #expect(rules(plain, "chroot").count == 1)  // CAP_SYS_CHROOT is a Docker default
        // Without CAP_SYS_ADMIN: clone only with namespace flags masked out, clone3 -> ENOSYS.
        #expect(rules(plain, "clone").count == 1)
        #expect(rules(plain, "clone").first?.args?.first?.op == "SCMP_CMP_MASKED_EQ")
        #expect(rules(plain, "clone3").map(\.errnoRet) == [38])

        let admin = try convert(caps: CapabilityNames.dockerDefault + ["SYS_ADMIN"])
        #expect(rules(admin, "unshare").map(\.action) == ["SCMP_ACT_ALLOW"])
        #expect(rules(admin, "clone").allSatisfy { $0.args == nil })
        #expect(rules(admin, "clone3").map(\.action) == ["SCMP_ACT_ALLOW"])
    }

    @Test func archesAndMinKernelGateRules() throws {
        let amd64 = try convert()
        #expect(rules(amd64, "arch_prctl").count == 1)
        #expect(rules(amd64, "arm_fadvise64_64").isEmpty)
        let arm64 = try convert(arch: "arm64")
        #expect(rules(arm64, "arch_prctl").isEmpty)
        #expect(rules(arm64, "arm_fadvise64_64").count == 1)
        // ptrace is allowed from kernel 4.8 on (older kernels let it bypass seccomp).
        #expect(rules(amd64, "ptrace").count == 1)
        #expect(try rules(convert(kernel: "4.4.0-210-generic"), "ptrace").isEmpty)
        #expect(try rules(convert(kernel: "4.8.0"), "ptrace").count == 1)
    }

    @Test func loadFromPathMatchesConvert() throws {
        let loaded = try DockerSeccompProfile.load(path: dockerDefaultProfilePath, capabilities: CapabilityNames.dockerDefault)
        #expect(loaded.defaultAction == "SCMP_ACT_ERRNO")
        #expect(!(loaded.syscalls ?? []).isEmpty)
    }

    @Test func profileErrors() throws {
        #expect(throws: BerthError.self) {
            _ = try DockerSeccompProfile.from(bytes: Array(#"{"defaultAction": 3}"#.utf8), capabilities: [])
        }
        // An empty profile means "unconfined" to moby: convert says nil, from(bytes:) refuses.
        let empty = try DockerSeccompProfile.decode(bytes: Array("{}".utf8))
        #expect(try DockerSeccompProfile.convert(empty, capabilities: []) == nil)
        #expect(throws: BerthError.self) {
            _ = try DockerSeccompProfile.from(bytes: Array("{}".utf8), capabilities: [])
        }
        let badKernel = #"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["ptrace"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"four"}}]}"#
        #expect(throws: BerthError.self) {
            _ = try DockerSeccompProfile.from(bytes: Array(badKernel.utf8), capabilities: [], kernelRelease: "6.1.0")
        }
        // The single "name" form still works.
        let single = #"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"name":"getpid","action":"SCMP_ACT_ALLOW"}]}"#
        let seccomp = try DockerSeccompProfile.from(bytes: Array(single.utf8), capabilities: [])
        #expect(seccomp.syscalls?.first?.names == ["getpid"])
    }

    @Test(.enabled(if: canLoadFilters, "loading seccomp filters needs root and kernel seccomp support"))
    func defaultProfileInAChild() throws {
        let seccomp = try DockerSeccompProfile.load(path: dockerDefaultProfilePath, capabilities: CapabilityNames.dockerDefault)
        SeccompProgramCacheTests.checkDefaultProfile(try SeccompFilter.compile(seccomp))
    }
}
