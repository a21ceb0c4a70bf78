import Glibc

/// Runs `body` in a forked child and returns how it ended. The test runner has threads, so the child
/// only loads an already-compiled filter, makes raw syscalls and `_exit`s (glibc keeps malloc usable
/// after fork); everything else is prepared before forking.
enum ForkedChild {
    /// Exit codes the child bodies use besides "0 = success" and "errno value".
    static let loadFailed: Int32 = 200
    static let unexpected: Int32 = 201

    /// The child's exit status, or 1000 + signal number if it was killed.
    static func run(_ body: () -> Int32) -> Int32 {
        let pid = start(body)
        if pid < 0 { return -1 }
        return wait(pid)
    }

    /// Forks a child running `body`; the caller must `wait` for it.
    static func start(_ body: () -> Int32) -> pid_t {
        let pid = fork()
        if pid == 0 {
            _exit(body())
        }
        return pid
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -2 }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signal = status & 0x7f
        if signal == 0 { return (status >> 8) & 0xff }
        return 1000 + signal
    }

    /// 0 if `result` is not -1, else errno: what a child returns after a libc call.
    static func outcome(_ result: Int) -> Int32 {
        result == -1 ? errno : 0
    }
}

/// glibc's variadic `syscall(2)`, which Swift cannot import, called through a fixed six-argument C
/// signature: on x86_64 and aarch64 integer variadic arguments travel in the same registers.
enum RawSyscall {
    typealias Function = @convention(c) (Int, Int, Int, Int, Int, Int, Int) -> Int

    static let function: Function? = {
        guard let symbol = dlsym(nil, "syscall") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()

    static func call(_ number: Int, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0, _ e: Int = 0, _ f: Int = 0) -> Int {
        guard let function else { return -1 }
        return function(number, a, b, c, d, e, f)
    }

    // linux/sched.h; Glibc does not export the CLONE_NEW* flags to Swift.
    static let cloneNewUTS = 0x0400_0000
    static let cloneNewUser = 0x1000_0000

    // Syscall numbers (asm/unistd.h); the SYS_* macros are not reliably imported into Swift.
    #if arch(x86_64)
    static let getpid = 39
    static let personality = 135
    static let unshare = 272
    static let keyctl = 250
    static let clone3 = 435
    static let socket = 41
    static let getppid = 110
    static let pidfdOpen = 434
    static let pidfdGetfd = 438
    #elseif arch(arm64)
    static let getpid = 172
    static let personality = 92
    static let unshare = 97
    static let keyctl = 219
    static let clone3 = 435
    static let socket = 198
    static let getppid = 173
    static let pidfdOpen = 434
    static let pidfdGetfd = 438
    #endif

    /// glibc's variadic ioctl(2), through the same fixed-signature trick as `call`.
    typealias IoctlFunction = @convention(c) (Int32, UInt, UnsafeMutableRawPointer?) -> Int32

    static let ioctlFunction: IoctlFunction? = {
        guard let symbol = dlsym(nil, "ioctl") else { return nil }
        return unsafeBitCast(symbol, to: IoctlFunction.self)
    }()

    static func ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer?) -> Int32 {
        guard let ioctlFunction else { return -1 }
        return ioctlFunction(fd, request, argument)
    }
}
