import BerthCore
import BerthOCI
@testable import BerthSeccomp
import Foundation
import Glibc
import Testing

/// The program cache: a miss compiles and stores, a hit skips libseccomp and loads the same program with
/// seccomp(2), and both enforce Docker's default profile exactly as the uncached filter does.
@Suite(.serialized, .enabled(if: canLoadFilters, "loading seccomp filters needs root and kernel seccomp support"))
struct SeccompProgramCacheTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("berth-seccomp-cache-\(UUID().uuidString)").path
    }

    /// Docker's default profile, loaded in forked children: what it allows, refuses and answers ENOSYS to.
    static func checkDefaultProfile(_ filter: SeccompFilter) {
        func run(_ body: @escaping () -> Int) -> Int32 {
            ForkedChild.run {
                do { _ = try filter.load() } catch { return ForkedChild.loadFailed }
                return ForkedChild.outcome(body())
            }
        }
        #expect(run { RawSyscall.call(RawSyscall.getpid) } == 0)
        // unshare is only allowed with CAP_SYS_ADMIN: falls to the default SCMP_ACT_ERRNO (EPERM).
        #expect(run { RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUser) } == EPERM)
        // keyctl is not in the allow list at all.
        #expect(run { RawSyscall.call(RawSyscall.keyctl, 0) } == EPERM)
        // clone3 answers ENOSYS so glibc falls back to clone.
        #expect(run { RawSyscall.call(RawSyscall.clone3, 0, 0) } == ENOSYS)
        // socket: AF_VSOCK (40) is refused, AF_UNIX allowed.
        #expect(run { RawSyscall.call(RawSyscall.socket, 40, Int(SOCK_STREAM.rawValue)) } == EPERM)
        #expect(run { RawSyscall.call(RawSyscall.socket, Int(AF_UNIX), Int(SOCK_STREAM.rawValue)) } == 0)
        // personality: the query value is allowed, others are not.
        #expect(run { RawSyscall.call(RawSyscall.personality, 0xffff_ffff) } == 0)
        #expect(run { RawSyscall.call(RawSyscall.personality, 0x0001) } == EPERM)
    }

    @Test func missStoresHitLoadsTheSameProgramAndBothEnforceTheProfile() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seccomp = try DockerSeccompProfile.load(path: dockerDefaultProfilePath, capabilities: CapabilityNames.dockerDefault)
        let first = try SeccompFilter.compile(seccomp, cacheDirectory: dir)
        #expect(first.context != nil, "a miss compiles with libseccomp")
        let stored = try #require(first.program)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.count == 1 && files[0].hasSuffix(".bpf"), "\(files)")

        let second = try SeccompFilter.compile(seccomp, cacheDirectory: dir)
        #expect(second.context == nil, "a hit never touches libseccomp")
        #expect(second.program == stored)

        // The stored program is what libseccomp generates for the profile, byte for byte.
        let plain = try SeccompFilter.compile(seccomp)
        let exportPath = dir + "/export.out"
        let fd = open(exportPath, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        try plain.exportBPF(to: fd)
        close(fd)
        let exported = Array(try Data(contentsOf: URL(fileURLWithPath: exportPath)))
        unlink(exportPath)
        #expect(exported == stored)

        Self.checkDefaultProfile(first)
        Self.checkDefaultProfile(second)
    }

    @Test func aDamagedOrForeignFileIsNeverLoaded() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let deny = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [SeccompSyscall(names: ["unshare"], action: "SCMP_ACT_ERRNO")])
        let first = try SeccompFilter.compile(deny, cacheDirectory: dir)
        let file = dir + "/" + (try FileManager.default.contentsOfDirectory(atPath: dir)[0])
        // Truncated: the length check fails, the profile is compiled again and the file rewritten.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        try bytes.prefix(bytes.count - 8).write(to: URL(fileURLWithPath: file))
        let again = try SeccompFilter.compile(deny, cacheDirectory: dir)
        #expect(again.context != nil)
        #expect(again.program == first.program)
        // Another profile whose file name is the same gets nothing from it: the whole key must match.
        let key = try SeccompProgramCache.key(deny)
        #expect(SeccompProgramCache.read(file, key: key + [0x20]) == nil)
        #expect(SeccompProgramCache.read(file, key: key) == first.program)
        #expect(ForkedChild.run {
            do { _ = try again.load() } catch { return ForkedChild.loadFailed }
            return ForkedChild.outcome(RawSyscall.call(RawSyscall.unshare, RawSyscall.cloneNewUTS))
        } == EPERM)
    }
}
