import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// docker's jsonmessage.DisplayJSONMessagesStream for pull/push/load/import streams.
/// - On a terminal, each layer id that reports progress owns a line: a new id adds a line, later
///   updates move the cursor up to it, rewrite it and come back down. Any message that is not layer
///   progress (`latest: Pulling from library/busybox`, `Digest: …`) ends that block, so a later
///   block (pull -a, the next tag) gets fresh lines.
/// - Elsewhere progress updates are dropped and every other message is printed on its own line.
/// - `aux` messages are never printed (build IDs, push digests); an `error`/`errorDetail` message
///   ends the stream with `StreamError`, which commands print as-is (no "Error response from daemon").
public struct JSONMessageRenderer {
    public struct StreamError: Error, CustomStringConvertible {
        public var message: String
        public var code: Int
        public var description: String { message }
    }

    let out: OutputStream
    let isTerminal: Bool
    /// -q: nothing is written, but errors still end the stream.
    public var quiet = false
    /// The terminal's width, which decides whether the bar is drawn (docker: only above 110 columns).
    var width: Int
    /// Line of each layer id in the current progress block, counted from the block's first line.
    var lineOfID: [String: Int] = [:]
    /// The image ID from `aux` messages (build and commit results).
    public private(set) var auxID: String?
    /// Every `aux` payload, in order (push reports the pushed digest there).
    public private(set) var aux: [JSONValue] = []
    /// Seconds since the epoch, for the time-left estimate; replaceable in tests.
    var now: () -> Int64 = { Int64(time(nil)) }

    public init(out: OutputStream, isTerminal: Bool? = nil, width: Int? = nil) {
        self.out = out
        let terminal = isTerminal ?? out.isTerminal
        self.isTerminal = terminal
        self.width = width ?? (terminal ? TerminalState.width(fd: out.fd) : nil) ?? 200
    }

    /// jsonmessage.JSONProgress.String: `[=====>     ]  12.3MB/45.6MB 5s`; "" when there is nothing to show.
    public static func progressString(current: Int64, total: Int64, start: Int64 = 0, units: String = "",
                                      hideCounts: Bool = false, width: Int = 200, now: Int64 = 0) -> String {
        if current <= 0 && total <= 0 { return "" }
        if total <= 0 {
            return units.isEmpty ? pad8(HumanUnits.size(Double(current), precision: 4)) : "\(current) \(units)"
        }
        var percentage = Int(Double(current) / Double(total) * 100) / 2
        if percentage > 50 { percentage = 50 }
        var bar = ""
        if width > 110 {
            bar = "[" + String(repeating: "=", count: percentage) + ">" + String(repeating: " ", count: max(0, 50 - percentage)) + "] "
        }
        var numbers = ""
        if hideCounts {
            numbers = ""
        } else if units.isEmpty {
            let cur = HumanUnits.size(Double(current), precision: 4)
            numbers = current > total ? pad8(cur) : pad8(cur) + "/" + HumanUnits.size(Double(total), precision: 4)
        } else {
            numbers = current > total ? "\(current) \(units)" : "\(current)/\(total) \(units)"
        }
        var timeLeft = ""
        if current > 0 && start > 0 && percentage < 50 && width > 50 {
            // Go: left = (Total-Current) * (elapsed / Current), truncated to whole seconds.
            let elapsedNanos = max(0, now - start) * 1_000_000_000
            let perEntry = elapsedNanos / current
            let left = (total - current).multipliedReportingOverflow(by: perEntry)
            if !left.overflow { timeLeft = " " + goDuration(seconds: left.partialValue / 1_000_000_000) }
        }
        return bar + numbers + timeLeft
    }

    /// fmt's `%8v`: right-aligned in eight columns.
    static func pad8(_ s: String) -> String {
        String(repeating: " ", count: max(0, 8 - s.count)) + s
    }

    /// time.Duration.String for whole seconds: `0s`, `42s`, `3m5s`, `1h0m7s`.
    static func goDuration(seconds: Int64) -> String {
        if seconds <= 0 { return "0s" }
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        if h > 0 { return "\(h)h\(m)m\(s)s" }
        if m > 0 { return "\(m)m\(s)s" }
        return "\(s)s"
    }

    func write(_ s: String) {
        if !quiet { out.write(s) }
    }

    /// One message, as DisplayJSONMessagesStream's loop body and JSONMessage.Display do it.
    public mutating func render(_ m: JSONValue) throws {
        if let aux = m["aux"], aux != .null {
            if let id = aux["ID"]?.string { auxID = id }
            self.aux.append(aux)
            return
        }
        let id = m["id"]?.string ?? ""
        let progressDetail = m["progressDetail"].flatMap { $0 == .null ? nil : $0 }
        let progressMessage = m["progress"]?.string ?? ""
        var diff = 0
        if !id.isEmpty && (progressDetail != nil || !progressMessage.isEmpty) {
            let line: Int
            if let known = lineOfID[id] {
                line = known
            } else {
                line = lineOfID.count
                lineOfID[id] = line
                if isTerminal { write("\n") }
            }
            diff = lineOfID.count - line
            if isTerminal && diff > 0 { write("\u{1B}[\(diff)A") }
        } else {
            lineOfID = [:]
        }
        defer {
            if !id.isEmpty && isTerminal && diff > 0 { write("\u{1B}[\(diff)B") }
        }
        try display(m, id: id, progressDetail: progressDetail, progressMessage: progressMessage)
    }

    /// JSONMessage.Display.
    func display(_ m: JSONValue, id: String, progressDetail: JSONValue?, progressMessage: String) throws {
        if let detail = m["errorDetail"], detail != .null {
            let message = detail["message"]?.string ?? m["error"]?.string ?? ""
            throw StreamError(message: message, code: Int(detail["code"]?.int64 ?? 0))
        }
        if let message = m["error"]?.string, !message.isEmpty {
            throw StreamError(message: message, code: 0)
        }
        let stream = m["stream"]?.string ?? ""
        let status = m["status"]?.string ?? ""
        let progress = progressDetail.map { d in
            Self.progressString(current: d["current"]?.int64 ?? 0, total: d["total"]?.int64 ?? 0, start: d["start"]?.int64 ?? 0,
                                units: d["units"]?.string ?? "", hideCounts: d["hidecounts"]?.bool ?? false, width: width, now: now())
        }
        var text = ""
        var endl = ""
        if isTerminal && stream.isEmpty && progressDetail != nil {
            // Erase the whole line, then write from its start.
            text += "\u{1B}[2K\r"
            endl = "\r"
        } else if let progress, !progress.isEmpty {
            return
        }
        if !id.isEmpty { text += id + ": " }
        if let from = m["from"]?.string, !from.isEmpty { text += "(from \(from)) " }
        if let progress, isTerminal {
            text += status + " " + progress + endl
        } else if !progressMessage.isEmpty {
            text += status + " " + progressMessage + endl
        } else if !stream.isEmpty {
            text += stream + endl
        } else {
            text += status + endl + "\n"
        }
        write(text)
    }

    /// Renders every message of a JSON message stream (one JSON document per line).
    public mutating func renderStream(_ response: HTTPResponse) throws {
        while let line = try response.readLine() {
            guard !line.isEmpty, let m = try? JSONValue.parse(line) else { continue }
            try render(m)
        }
    }
}
