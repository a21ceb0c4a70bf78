import BerthCore
import BerthOCI

/// One image as the engine sees it: the supervisor's named records that point at it, and the
/// manifest and config chosen for this host. Docker's image id is the config digest.
public struct ResolvedImage: Sendable {
    public var names: [String]
    public var target: Descriptor
    public var manifest: Manifest
    public var config: ImageConfig
    public var configBytes: [UInt8]
    /// Unix seconds of the image's record (when it was created or tagged here).
    public var recordedAt: Int64

    public var id: String { manifest.config.digest.description }

    /// Sum of the layers' stored sizes (compressed as distributed).
    public var size: Int64 { manifest.layers.reduce(0) { $0 + $1.size } }

    public var createdSeconds: Int64 {
        guard let created = config.created else { return 0 }
        return RFC3339Seconds.parse(created) ?? 0
    }
}

/// Seconds since the epoch from an RFC 3339 time (image configs' `created`).
enum RFC3339Seconds {
    static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func n(_ from: Int, _ length: Int) -> Int? {
            var v = 0
            for i in from..<(from + length) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let year = n(0, 4), let month = n(5, 2), let day = n(8, 2), let hour = n(11, 2),
              let minute = n(14, 2), let second = n(17, 2) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        // A zone offset after the seconds (and fraction) shifts the time to UTC.
        var offset = 0
        if let sign = b.lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }), sign > 18, sign + 6 <= b.count,
           let oh = n(sign + 1, 2), let om = n(sign + 4, 2) {
            offset = (oh * 3600 + om * 60) * (b[sign] == UInt8(ascii: "+") ? 1 : -1)
        }
        return Int64(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
    }
}
