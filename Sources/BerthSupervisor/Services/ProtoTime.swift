import FoundationEssentials
import SwiftProtobuf

/// Conversions between the stores' unix-nanosecond times and protobuf timestamps.
enum ProtoTime {
    static func from(nanos: Int64) -> Google_Protobuf_Timestamp {
        var ts = Google_Protobuf_Timestamp()
        ts.seconds = nanos / 1_000_000_000
        ts.nanos = Int32(nanos % 1_000_000_000)
        return ts
    }

    static func from(date: Date) -> Google_Protobuf_Timestamp {
        let interval = date.timeIntervalSince1970
        var ts = Google_Protobuf_Timestamp()
        ts.seconds = Int64(interval.rounded(.down))
        ts.nanos = Int32(((interval - interval.rounded(.down)) * 1e9).rounded())
        if ts.nanos >= 1_000_000_000 { ts.seconds += 1; ts.nanos -= 1_000_000_000 }
        return ts
    }

    static func nanos(_ ts: Google_Protobuf_Timestamp) -> Int64 {
        ts.seconds * 1_000_000_000 + Int64(ts.nanos)
    }
}
