import BerthCore

/// Layer downloads in progress in this daemon, by digest. A second pull of the same layer waits for
/// the first instead of opening the same ingest (which the content store would refuse as locked).
actor InFlightDownloads {
    static let shared = InFlightDownloads()

    private var running: [Digest: Task<Void, any Error>] = [:]

    func once(_ digest: Digest, _ body: @escaping @Sendable () async throws -> Void) async throws {
        if let existing = running[digest] {
            // The first download's failure is not this pull's: it tries once more itself.
            if (try? await existing.value) != nil { return }
            return try await body()
        }
        let task = Task { try await body() }
        running[digest] = task
        defer { running[digest] = nil }
        try await task.value
    }
}
