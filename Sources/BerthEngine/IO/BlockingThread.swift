import BerthCore
import Glibc

/// A dedicated OS thread for blocking work (FIFO reads, log following), so it never occupies one of
/// Swift concurrency's cooperative threads.
public final class BlockingThread: Sendable {
    final class Body: @unchecked Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    let thread: pthread_t

    /// Starts `body` on a new thread.
    public init(_ body: @escaping @Sendable () -> Void) throws {
        let box = Unmanaged.passRetained(Body(body))
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            let body = Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
            body.run()
            return nil
        }, box.toOpaque())
        guard rc == 0 else {
            box.release()
            throw BerthError.sys("pthread_create", errno: rc)
        }
        thread = handle
    }

    /// Waits for the thread to finish. Call once.
    public func join() {
        pthread_join(thread, nil)
    }

    /// Runs `body` on a thread nobody joins (its resources are freed when it returns): for
    /// open-ended work such as following a log for a client.
    public static func detach(_ body: @escaping @Sendable () -> Void) throws {
        let thread = try BlockingThread(body)
        pthread_detach(thread.thread)
    }
}
