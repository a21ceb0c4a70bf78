/// docker's jsonmessage progress text: `[=====>        ]  12.3MB/45.6MB`, sent in `progress` so
/// clients that do not draw their own bars (docker-py users, logs) still see one.
enum ProgressBar {
    static func render(current: Int64, total: Int64) -> String {
        guard total > 0 else { return size(current) }
        let width = 50
        let filled = min(width, Int(Double(current) / Double(total) * Double(width)))
        var bar = String(repeating: "=", count: filled)
        if filled < width { bar += ">" + String(repeating: " ", count: width - filled - 1) }
        let numbers = "\(size(current))/\(size(total))"
        return "[\(bar)] " + String(repeating: " ", count: max(0, 8 - size(current).count)) + numbers
    }

    /// go-units HumanSizeWithPrecision(…, 4) in decimal units, as docker prints transfer sizes.
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return format4(value) + units[unit]
    }

    /// `%.4g`: four significant digits without trailing zeros.
    static func format4(_ value: Double) -> String {
        if value == 0 { return "0" }
        let digitsBefore = value >= 1 ? Int(value).description.count : 1
        let decimals = max(0, 4 - digitsBefore)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = decimals == 0 ? String(Int(rounded)) : String(rounded)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
