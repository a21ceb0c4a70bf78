import BerthCore

/// `--log-opt` values of the file-based drivers (json-file, local), validated with dockerd's texts.
public struct LogDriverOptions: Sendable, Equatable {
    /// Rotate when the file reaches this many bytes; nil never rotates.
    public var maxSize: Int64?
    /// Files kept, the current one included (`max-file`, default 1: the file is truncated instead).
    public var maxFiles: Int
    /// Accepted and ignored: rotated files stay uncompressed (documented simplification).
    public var compress: Bool

    public init(maxSize: Int64? = nil, maxFiles: Int = 1, compress: Bool = false) {
        self.maxSize = maxSize
        self.maxFiles = maxFiles
        self.compress = compress
    }

    static let jsonFileKeys: Set<String> = ["max-file", "max-size", "compress", "labels", "labels-regex", "env", "env-regex", "tag"]

    /// Parses and validates `options` for `driver` ("json-file" or "local").
    public init(driver: String, options: [String: String]) throws {
        for key in options.keys.sorted() where !Self.jsonFileKeys.contains(key) {
            throw BerthError(.invalidArgument, "unknown log opt '\(key)' for \(driver) log driver")
        }
        // The local driver rotates by default (20 MB x 5 files), json-file does not.
        let local = driver == "local"
        maxSize = local ? 20 * 1024 * 1024 : nil
        maxFiles = local ? 5 : 1
        compress = local
        if let text = options["max-size"] {
            let size = try Self.parseSize(text)
            maxSize = size > 0 ? size : nil
        }
        if let text = options["max-file"] {
            guard let n = Int(text) else { throw BerthError(.invalidArgument, "max-file: invalid value \"\(text)\"") }
            guard n >= 1 else { throw BerthError(.invalidArgument, "max-file cannot be less than 1") }
            maxFiles = n
        }
        if let text = options["compress"] {
            guard let flag = SecurityOptions.parseBool(text) else {
                throw BerthError(.invalidArgument, "error reading compress log option: invalid syntax \"\(text)\"")
            }
            compress = flag
        }
        if maxSize == nil && options["max-file"] != nil && maxFiles > 1 {
            throw BerthError(.invalidArgument, "max-file cannot be set when max-size is not set")
        }
    }

    /// go-units RAMInBytes: "10m", "1.5g", "512k", "100" (bytes); binary multiples, case-insensitive,
    /// with an optional trailing "b"/"ib".
    public static func parseSize(_ text: String) throws -> Int64 {
        let lower = text.lowercased()
        var number = ""
        var unit = ""
        for c in lower {
            if unit.isEmpty && (c.isNumber || c == ".") { number.append(c) } else { unit.append(c) }
        }
        unit = unit.trimming(characters: " ")
        let shifts: [String: Int64] = [
            "": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20,
            "g": 30, "gb": 30, "gib": 30, "t": 40, "tb": 40, "tib": 40, "p": 50, "pb": 50, "pib": 50,
        ]
        guard let value = Double(number), let shift = shifts[unit], value >= 0 else {
            throw BerthError(.invalidArgument, "invalid size: '\(text)'")
        }
        return Int64(value * Double(Int64(1) << shift))
    }
}
