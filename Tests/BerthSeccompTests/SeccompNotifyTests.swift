import BerthOCI
import BerthSeccomp
import Glibc
import Testing

/// A full SCMP_ACT_NOTIFY round trip: the child loads the filter and reports its listener fd number
/// over a pipe, then calls getppid and blocks; the parent (acting as the seccomp agent) takes the fd
/// with pidfd_getfd, receives the notification and answers 42, which the child returns as its exit code.
@Suite(.serialized, .enabled(if: canLoadFilters && SeccompSupport.apiLevel >= 5, "needs root and seccomp user notification (API level 5)"))
struct SeccompNotifyTests {
    // SECCOMP_IOCTL_NOTIF_RECV / _SEND: _IOWR('!', 0, struct seccomp_notif) and _IOWR('!', 1, struct
    // seccomp_notif_resp); the same encoding on x86_64 and arm64.
    static let notifRecv: UInt = 0xC050_2100
    static let notifSend: UInt = 0xC018_2101

    @Test func agentAnswersANotifiedSyscall() throws {
        var seccomp = Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            SeccompSyscall(names: ["getppid"], action: "SCMP_ACT_NOTIFY"),
        ])
        seccomp.listenerPath = "/run/berth-test-agent.sock"
        let filter = try SeccompFilter.compile(seccomp)

        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let pid = ForkedChild.start {
            close(readEnd)
            guard let listener = try? filter.load() else { return ForkedChild.loadFailed }
            var number = listener
            guard write(writeEnd, &number, 4) == 4 else { return ForkedChild.unexpected }
            let answer = RawSyscall.call(RawSyscall.getppid)
            return Int32(truncatingIfNeeded: answer)
        }
        close(writeEnd)
        #expect(pid > 0)
        defer { close(readEnd) }

        var childFd: Int32 = -1
        let got = read(readEnd, &childFd, 4)
        var answered = false
        if got == 4 {
            answered = answer(pid: pid, childFd: childFd, value: 42)
        }
        if !answered { kill(pid, SIGKILL) }  // never leave the child blocked in getppid
        let code = ForkedChild.wait(pid)
        #expect(got == 4)
        #expect(answered)
        #expect(code == 42)
    }

    /// Acts as the agent: receives one notification on the child's listener and makes getppid return `value`.
    func answer(pid: pid_t, childFd: Int32, value: Int64) -> Bool {
        let pidfd = Int32(truncatingIfNeeded: RawSyscall.call(RawSyscall.pidfdOpen, Int(pid), 0))
        guard pidfd >= 0 else { return false }
        defer { close(pidfd) }
        let listener = Int32(truncatingIfNeeded: RawSyscall.call(RawSyscall.pidfdGetfd, Int(pidfd), Int(childFd), 0))
        guard listener >= 0 else { return false }
        defer { close(listener) }

        // struct seccomp_notif: id u64, pid u32, flags u32, data { nr i32, arch u32, ip u64, args[6] u64 }.
        var request = [UInt8](repeating: 0, count: 80)
        let received = request.withUnsafeMutableBytes { RawSyscall.ioctl(listener, Self.notifRecv, $0.baseAddress) }
        guard received == 0 else { return false }
        let (id, nr) = request.withUnsafeBytes { ($0.load(fromByteOffset: 0, as: UInt64.self), $0.load(fromByteOffset: 16, as: Int32.self)) }
        guard nr == Int32(RawSyscall.getppid) else { return false }

        // struct seccomp_notif_resp: id u64, val i64, error i32, flags u32.
        var response = [UInt8](repeating: 0, count: 24)
        response.withUnsafeMutableBytes {
            $0.storeBytes(of: id, toByteOffset: 0, as: UInt64.self)
            $0.storeBytes(of: value, toByteOffset: 8, as: Int64.self)
        }
        return response.withUnsafeMutableBytes { RawSyscall.ioctl(listener, Self.notifSend, $0.baseAddress) } == 0
    }
}
