import BerthEngineAPI

/// go-connections nat.ParsePortSpecs for `-p/--publish` and `--expose`:
/// `[ip:][hostPort:]containerPort[/proto]` with ranges (`8000-8001:80-81`) and `[v6]` addresses.
public enum PortSpec {
    public struct Mapping: Equatable, Sendable {
        public var port: String      // "80/tcp"
        public var binding: PortBinding
    }

    public static func parsePublish(_ spec: String) throws -> [Mapping] {
        var rest = Substring(spec)
        var proto = "tcp"
        if let slash = rest.lastIndex(of: "/") {
            proto = String(rest[rest.index(after: slash)...]).lowercased()
            rest = rest[..<slash]
            guard ["tcp", "udp", "sctp"].contains(proto) else { throw invalid("invalid proto: \(proto)") }
        }
        var ip = ""
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            ip = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(":") { rest = rest.dropFirst() }
        }
        var parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if ip.isEmpty && parts.count == 3 { ip = parts.removeFirst() }
        let hostPart: String
        let containerPart: String
        switch parts.count {
        case 1: hostPart = ""; containerPart = parts[0]
        case 2: hostPart = parts[0]; containerPart = parts[1]
        default: throw invalid("invalid port format for --publish: \(spec)")
        }
        guard !containerPart.isEmpty else { throw invalid("no port specified: \(spec)<empty>") }
        let (cStart, cEnd) = try range(containerPart, what: "containerPort")
        var hStart = 0, hEnd = 0
        if !hostPart.isEmpty { (hStart, hEnd) = try range(hostPart, what: "hostPort") }
        let cCount = cEnd - cStart, hCount = hEnd - hStart
        if !hostPart.isEmpty && cCount != hCount && cCount != 0 {
            throw invalid("invalid ranges specified for container and host Ports: \(containerPart) and \(hostPart)")
        }
        var out: [Mapping] = []
        for i in 0...cCount {
            var hostPort = ""
            if !hostPart.isEmpty {
                // A container port range maps 1:1; a single container port takes the whole host range.
                hostPort = cCount == 0 && hCount > 0 ? "\(hStart)-\(hEnd)" : String(hStart + i)
            }
            out.append(Mapping(port: "\(cStart + i)/\(proto)", binding: PortBinding(hostIp: ip, hostPort: hostPort)))
        }
        return out
    }

    /// `--expose 80`, `--expose 7000-7002/udp` → "80/tcp" …
    public static func parseExpose(_ spec: String) throws -> [String] {
        var text = Substring(spec)
        var proto = "tcp"
        if let slash = text.lastIndex(of: "/") {
            proto = String(text[text.index(after: slash)...])
            text = text[..<slash]
        }
        let (start, end) = try range(String(text), what: "range format for --expose")
        return (start...end).map { "\($0)/\(proto)" }
    }

    static func range(_ s: String, what: String) throws -> (Int, Int) {
        let bounds = s.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count <= 2, let lo = Int(bounds[0]), lo >= 0, lo <= 65535 else {
            throw invalid("invalid \(what): \(s)")
        }
        guard bounds.count == 2 else { return (lo, lo) }
        guard let hi = Int(bounds[1]), hi >= lo, hi <= 65535 else { throw invalid("invalid \(what): \(s)") }
        return (lo, hi)
    }

    static func invalid(_ m: String) -> CLIError { .message(m, status: 125) }
}
