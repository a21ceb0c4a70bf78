#if canImport(Glibc)
import Glibc
#endif

/// A flag shared between threads (set once by the stdin copier, read by the main thread).
public final class AtomicFlag: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var value = false

    public init() { pthread_mutex_init(&mutex, nil) }

    public func set() {
        pthread_mutex_lock(&mutex)
        value = true
        pthread_mutex_unlock(&mutex)
    }

    public var isSet: Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return value
    }
}
