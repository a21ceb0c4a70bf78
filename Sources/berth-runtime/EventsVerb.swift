import BerthCgroups
import BerthCore
import Glibc

enum EventsVerb: Verb {
    static let name = "events"
    static let usage = "[--stats] [--interval SECONDS] ID"
    static let flags: [FlagSpec] = [.bool("stats"), .value("interval")]

    struct Event: Encodable {
        var type: String
        var id: String
        var data: CgroupStats
    }

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        let id = try args.requireID(name)
        if args.bool("stats") {
            try ctx.printJSON(Event(type: "stats", id: id, data: try ctx.runtime.stats(id: id)), pretty: false)
            return 0
        }
        // Streaming: a stats event per interval until the container stops.
        var interval = 5
        if let text = args.string("interval") {
            guard let n = Int(text.hasSuffix("s") ? String(text.dropLast()) : text), n > 0 else {
                throw BerthError(.invalidArgument, "invalid interval \"\(text)\"")
            }
            interval = n
        }
        while let stats = try? ctx.runtime.stats(id: id) {
            try ctx.printJSON(Event(type: "stats", id: id, data: stats), pretty: false)
            sleep(UInt32(interval))
        }
        return 0
    }
}
