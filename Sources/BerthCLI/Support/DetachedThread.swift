#if canImport(Glibc)
import Glibc
#endif

/// A plain pthread for the CLI's blocking side jobs (stdin copier, signal waiter, resize). The CLI
/// has no Dispatch or Thread (FoundationEssentials only), and these threads only ever block in
/// read(2)/sigwait(2), so they are never joined: the process exits when the command is done.
public enum DetachedThread {
    final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    public static func start(_ body: @escaping () -> Void) throws {
        let box = Unmanaged.passRetained(Body(body))
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, box.toOpaque())
        guard rc == 0 else {
            box.release()
            throw CLIError.message("pthread_create failed: \(rc)", status: 1)
        }
        pthread_detach(handle)
    }
}
