import BerthCore

/// docker's jsonmessage.DisplayJSONMessagesStream for pull/push/load/build streams. On a terminal,
/// each layer id keeps its own line (rewritten in place with cursor moves) and progress shows a bar;
/// otherwise only status lines are printed. Returns the stream's error, if any, for the exit status.
public struct JSONMessageRenderer {
    public struct StreamError: Error, CustomStringConvertible {
        public var message: String
        public var code: Int
        public var description: String { message }
    }

    let out: OutputStream
    let isTerminal: Bool
    var lineOfID: [String: Int] = [:]
    var lines = 0
    /// The image ID from `aux` messages (build results).
    public private(set) var auxID: String?

    public init(out: OutputStream, isTerminal: Bool? = nil) {
        self.out = out
        self.isTerminal = isTerminal ?? out.isTerminal
    }

    /// jsonmessage.JSONProgress.String: `[=====>      ]  12.3MB/45.6MB`.
    public static func progressBar(current: Int64, total: Int64) -> String {
        guard total > 0 else { return String(repeating: " ", count: max(0, 8 - HumanUnits.size(Double(current)).count)) + HumanUnits.size(Double(current)) }
        let numbers = HumanUnits.size(Double(current), precision: 4) + "/" + HumanUnits.size(Double(total), precision: 4)
        let paddedNumbers = String(repeating: " ", count: max(0, 8 - HumanUnits.size(Double(current), precision: 4).count)) + numbers
        var percent = Int(Double(current) / Double(total) * 100) / 2
        if percent > 50 { percent = 50 }
        let bar = "[" + String(repeating: "=", count: percent) + (percent < 50 ? ">" : "") + String(repeating: " ", count: max(0, 50 - percent - (percent < 50 ? 1 : 0))) + "] "
        return bar + paddedNumbers
    }

    public mutating func render(_ m: JSONValue) throws {
        if let err = m["errorDetail"]?["message"]?.string ?? m["error"]?.string {
            throw StreamError(message: err, code: Int(m["errorDetail"]?["code"]?.int64 ?? 1))
        }
        if let id = m["aux"]?["ID"]?.string { auxID = id }
        let id = m["id"]?.string ?? ""
        let status = m["status"]?.string ?? ""
        let stream = m["stream"]?.string
        var progress = ""
        if let detail = m["progressDetail"], let cur = detail["current"]?.int64 {
            progress = Self.progressBar(current: cur, total: detail["total"]?.int64 ?? 0)
        } else if let p = m["progress"]?.string {
            progress = p
        }
        if !isTerminal {
            // Non-terminal output drops progress updates and prints the rest line by line.
            if !progress.isEmpty && stream == nil { return }
            var line = id.isEmpty ? "" : "\(id): "
            if let stream { line += stream } else { line += status + "\n" }
            out.write(line)
            return
        }
        var text = id.isEmpty ? "" : "\(id): "
        if let stream { text += stream } else { text += status + (progress.isEmpty ? "" : " " + progress) }
        if !id.isEmpty, stream == nil {
            if let line = lineOfID[id] {
                let up = lines - line
                // Move up to the id's line, rewrite it, come back down.
                out.write("\u{1B}[\(up)A\u{1B}[2K\r" + text + "\r\u{1B}[\(up)B")
                return
            }
            lineOfID[id] = lines
        }
        out.write(text + (stream == nil ? "\n" : ""))
        if stream == nil || (stream?.hasSuffix("\n") ?? false) { lines += 1 }
    }

    /// Renders every line of a JSON message stream.
    public mutating func renderStream(_ response: HTTPResponse) throws {
        while let line = try response.readLine() {
            guard !line.isEmpty, let m = try? JSONValue.parse(line) else { continue }
            try render(m)
        }
    }
}
