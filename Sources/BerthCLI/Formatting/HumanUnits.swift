/// docker/go-units: HumanDuration ("2 minutes", "About an hour"), HumanSize (decimal, "4.26MB"
/// with 3 significant digits as the CLI's formatters ask) and BytesSize (binary, "7.775GiB").
public enum HumanUnits {
    public static func duration(seconds d: Double) -> String {
        let seconds = Int(d)
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = Int(d / 60)
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int((d / 3600).rounded(.toNearestOrAwayFromZero))
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(Int(d / 3600) / 24 / 365) years"
    }

    static let decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
    static let binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]

    /// units.HumanSizeWithPrecision(size, precision): `%.<precision>g` plus the decimal unit.
    public static func size(_ bytes: Double, precision: Int = 3) -> String {
        custom("%.\(precision)g", bytes, base: 1000, units: decimalUnits)
    }

    /// units.BytesSize: `%.4g` with binary units.
    public static func bytes(_ bytes: Double) -> String {
        custom("%.4g", bytes, base: 1024, units: binaryUnits)
    }

    static func custom(_ format: String, _ value: Double, base: Double, units: [String]) -> String {
        var size = value
        var i = 0
        while size >= base && i < units.count - 1 {
            size /= base
            i += 1
        }
        return GoFloat.cFormat(format, size) + units[i]
    }

    /// units.RAMInBytes / FromHumanSize are not needed yet; sizes only flow daemon → CLI here.
}
