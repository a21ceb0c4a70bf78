import BerthCore
import BerthEngine
import BerthEngineAPI
import BerthHTTPServer

/// GET /events: replays `since`, streams live events, ends at `until`.
enum EventRoutes {
    static func register(_ router: inout Router, events: EngineEvents) throws {
        try router.get("/events") { request in
            let since = try ContainerStreamRoutes.time(request.query["since"], name: "since")
            let until = try ContainerStreamRoutes.time(request.query["until"], name: "until")
            let filter = EventFilter(try request.query.filters())
            let subscription = events.subscribe(since: since)
            return .stream { writer in
                defer { events.unsubscribe(subscription.token) }
                for event in subscription.past where filter.matches(event) {
                    if let until, event.timeNano > until { return }
                    try await writer.writeJSONLine(event)
                }
                if let until, until <= LogTime.now() { return }
                let ender: Task<Void, Never>? = until.map { until in
                    Task {
                        try? await Task.sleep(for: .nanoseconds(max(0, until - LogTime.now())))
                        events.unsubscribe(subscription.token)
                    }
                }
                defer { ender?.cancel() }
                for await event in subscription.live where filter.matches(event) {
                    try await writer.writeJSONLine(event)
                }
            }
        }
    }
}
