import BerthCore

/// docker/go-units: HumanDuration ("2 minutes", "About an hour"), HumanSize (decimal, "4.26MB"
/// with 3 significant digits as the CLI's formatters ask) and BytesSize (binary, "7.775GiB").
public enum HumanUnits {
    public static func duration(seconds d: Double) -> String {
        HumanDuration.describe(seconds: d)
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
