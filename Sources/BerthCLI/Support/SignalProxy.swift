import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// Signal handling without Dispatch: the signals are blocked in the calling (main) thread before any
/// other thread starts, so every thread inherits the mask, and one thread takes them with sigwait(2).
/// `docker run`/`attach` forward what they receive as POST /containers/{id}/kill?signal=NAME.
public enum SignalProxy {
    /// What docker's ForwardAllSignals ends up forwarding in practice (it skips CHLD, PIPE and URG).
    public static let forwardable: [Int32] = [SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGCONT, SIGWINCH]

    public static func name(_ signal: Int32) -> String {
        Signals.table.first { $0.1 == signal }?.0 ?? String(signal)
    }

    /// Blocks `signals` here (and so in threads started later) and calls `handler` for each on a thread.
    public static func start(_ signals: [Int32], handler: @escaping (Int32) -> Void) throws {
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let waitSet = set
        try DetachedThread.start {
            var local = waitSet
            while true {
                var number: Int32 = 0
                guard sigwait(&local, &number) == 0 else { continue }
                handler(number)
            }
        }
    }
}
