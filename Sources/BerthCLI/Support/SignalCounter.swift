#if canImport(Glibc)
import Glibc
#endif

/// Counts termination signals taken on the signal thread (docker force-exits at the third).
public final class SignalCounter: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var count = 0

    public init() { pthread_mutex_init(&mutex, nil) }

    /// The new count.
    public func increment() -> Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        count += 1
        return count
    }
}
