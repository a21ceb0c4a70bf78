import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// The latest sample of every container, shared between the per-container reader threads of a
/// streaming `berth stats` and the main thread that redraws the table.
public final class StatsBoard: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var entries: [StatsEntry]
    private var received: Set<String> = []

    public init(_ names: [String]) {
        entries = names.map { StatsEntry(container: $0) }
        pthread_mutex_init(&mutex, nil)
    }

    public func update(_ entry: StatsEntry) {
        pthread_mutex_lock(&mutex)
        if let i = entries.firstIndex(where: { $0.container == entry.container }) { entries[i] = entry }
        received.insert(entry.container)
        pthread_mutex_unlock(&mutex)
    }

    /// docker draws the first table only once every container has sent a sample (or failed).
    public var allReceived: Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return received.count == entries.count
    }

    public var snapshot: [StatsEntry] {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return entries
    }

    /// Follows GET /containers/{name}/stats?stream=1 on its own thread until the stream ends.
    public func follow(_ client: EngineClient, _ name: String) throws {
        try DetachedThread.start { [self] in
            do {
                let r = try client.request("GET", ContainerBatch.path(name, "/stats"), query: URLQuery([("stream", "1")]))
                defer { r.close() }
                while let line = try r.readLine() {
                    guard !line.isEmpty, let sample = try? JSONValue.parse(line) else { continue }
                    update(StatsEntry(container: name, sample: sample))
                }
            } catch {
                var invalid = StatsEntry(container: name)
                invalid.isInvalid = true
                update(invalid)
            }
        }
    }
}
