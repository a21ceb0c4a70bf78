/// Serializes a response's status line and header block.
enum ResponseHead {
    /// `HTTP/1.1 200 OK`, then the fields in the order given, then the blank line.
    static func serialize(status: HTTPStatus, headers: HTTPHeaderFields, httpMinorVersion: Int = 1) -> [UInt8] {
        var text = "HTTP/1.\(httpMinorVersion) \(status.code) \(status.reasonPhrase)\r\n"
        for field in headers {
            text += "\(field.name): \(sanitize(field.value))\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Headers sorted by name, as Go's net/http writes them, with `Date` last.
    static func sortedForGo(_ headers: HTTPHeaderFields) -> HTTPHeaderFields {
        var sorted = HTTPHeaderFields()
        for field in headers.fields.filter({ $0.name != "Date" }).sorted(by: { $0.name < $1.name }) {
            sorted.add(field.name, field.value)
        }
        if let date = headers["Date"] { sorted.add("Date", date) }
        return sorted
    }

    /// A header value never carries CR or LF (no response splitting from a handler's text).
    private static func sanitize(_ value: String) -> String {
        guard value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return value }
        return String(value.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
