/// A request body: nothing, a whole buffer (sent with Content-Length), or a stream sent with chunked
/// transfer encoding (tars piped from stdin for `cp -`, `load`, `import`, `build`).
public enum RequestBody {
    case none
    case json([UInt8])
    case bytes([UInt8], contentType: String)
    /// Each call returns the next piece, or nil at the end.
    case stream(contentType: String, next: () throws -> [UInt8]?)

    public static func json(_ value: TemplateValue) -> RequestBody {
        .json(Array(GoJSON.encode(value, escapeHTML: true).utf8))
    }
}
