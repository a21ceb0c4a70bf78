import Foundation

/// SIGTERM/SIGINT end the daemon; running containers are left to their shims. The signals are blocked
/// in every thread (`blockInAllThreads` runs before any thread starts) and taken with sigwait on one.
enum TerminationWait {
    static func blockInAllThreads() {
        var set = terminationSet
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    static func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var set = terminationSet
                var number: Int32 = 0
                sigwait(&set, &number)
                continuation.resume()
            }
        }
    }

    private static var terminationSet: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }
}
