/// A `-H` value: `unix:///path`, `tcp://host:port` (also `host:port`, `fd://` is not supported).
public enum DaemonAddress: Equatable, Sendable {
    case unix(String)
    case tcp(host: String, port: UInt16)

    public init(parsing s: String) throws {
        if s.hasPrefix("unix://") {
            let path = String(s.dropFirst(7))
            self = .unix(path.isEmpty ? "/run/berth/berth.sock" : path)
            return
        }
        var rest = Substring(s)
        if rest.hasPrefix("tcp://") { rest = rest.dropFirst(6) } else if rest.hasPrefix("http://") { rest = rest.dropFirst(7) }
        else if s.hasPrefix("/") { self = .unix(s); return }
        else if s.contains("://") { throw CLIError.message("unable to parse docker host `\(s)`", status: 1) }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = "localhost"
        var port: UInt16 = 2375
        if rest.hasPrefix("[") , let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":"), let p = UInt16(after.dropFirst()) { port = p }
        } else if let colon = rest.lastIndex(of: ":") {
            if colon != rest.startIndex { host = String(rest[..<colon]) }
            guard let p = UInt16(rest[rest.index(after: colon)...]) else {
                throw CLIError.message("invalid bind address format: \(s)", status: 1)
            }
            port = p
        } else if !rest.isEmpty {
            host = String(rest)
        }
        self = .tcp(host: host, port: port)
    }

    public var description: String {
        switch self {
        case .unix(let p): return "unix://\(p)"
        case .tcp(let h, let p): return "tcp://\(h):\(p)"
        }
    }
}
