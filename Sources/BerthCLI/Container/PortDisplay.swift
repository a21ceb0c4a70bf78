import BerthCore

/// formatter.DisplayablePorts: published ports as `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`,
/// consecutive exposed ports grouped into ranges (`80-81/tcp`), in docker's order.
public enum PortDisplay {
    struct Port {
        var ip: String
        var privatePort: Int
        var publicPort: Int
        var type: String
    }

    public static func displayable(_ json: [JSONValue]) -> String {
        var ports = json.map { p in
            Port(ip: p["IP"]?.string ?? "", privatePort: Int(p["PrivatePort"]?.int64 ?? 0),
                 publicPort: Int(p["PublicPort"]?.int64 ?? 0), type: p["Type"]?.string ?? "")
        }
        ports.sort { a, b in
            if a.privatePort != b.privatePort { return a.privatePort < b.privatePort }
            if a.ip != b.ip { return a.ip < b.ip }
            if a.publicPort != b.publicPort { return a.publicPort < b.publicPort }
            return a.type < b.type
        }
        var groups: [String: (Int, Int)] = [:]
        var order: [String] = []
        var result: [String] = []
        var hostMappings: [String] = []
        for p in ports {
            var key = p.type
            if !p.ip.isEmpty {
                if p.publicPort != p.privatePort {
                    hostMappings.append("\(joinHostPort(p.ip, String(p.publicPort)))->\(p.privatePort)/\(p.type)")
                    continue
                }
                key = "\(p.ip)/\(p.type)"
            }
            guard let g = groups[key] else {
                groups[key] = (p.privatePort, p.privatePort)
                order.append(key)
                continue
            }
            if p.privatePort == g.1 + 1 {
                groups[key] = (g.0, p.privatePort)
                continue
            }
            result.append(formGroup(key, g.0, g.1))
            groups[key] = (p.privatePort, p.privatePort)
        }
        for key in order {
            if let g = groups[key] { result.append(formGroup(key, g.0, g.1)) }
        }
        return (result + hostMappings).joined(separator: ", ")
    }

    static func formGroup(_ key: String, _ first: Int, _ last: Int) -> String {
        let parts = key.goSplit("/")
        var type = parts[0]
        var ip = ""
        if parts.count > 1 { ip = parts[0]; type = parts[1] }
        var group = String(first)
        if first != last { group += "-\(last)" }
        if !ip.isEmpty { group = "\(joinHostPort(ip, group))->\(group)" }
        return "\(group)/\(type)"
    }

    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
