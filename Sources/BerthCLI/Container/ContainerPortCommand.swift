import BerthCore

/// `berth port CONTAINER [PRIVATE_PORT[/PROTO]]`: from inspect's NetworkSettings.Ports.
public enum ContainerPortCommand {
    public static let spec = CommandSpec(
        path: ["container", "port"], aliases: [["port"]], usage: "container port CONTAINER [PRIVATE_PORT[/PROTO]]",
        summary: "List port mappings or a specific mapping for the container", arguments: .range(1, 2), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let name = ctx.positional[0]
        let info = try ctx.client().json("GET", ContainerBatch.path(name, "/json"))
        let ports = info["NetworkSettings"]?["Ports"]
        if ctx.positional.count == 2 {
            let asked = ctx.positional[1]
            let want = asked.contains("/") ? asked : asked + "/tcp"
            guard let bindings = ports?[want]?.array, !bindings.isEmpty else {
                throw CLIError.message("Error: No public port '\(asked)' published for \(name)", status: 1)
            }
            ctx.stdout.write(bindings.map { address($0) + "\n" }.joined())
            return 0
        }
        ctx.stdout.write(render(ports))
        return 0
    }

    static func address(_ b: JSONValue) -> String {
        let ip = b["HostIp"]?.string ?? ""
        let port = b["HostPort"]?.string ?? ""
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// Every `80/tcp -> 0.0.0.0:8080` line, sorted by port then protocol like docker.
    public static func render(_ ports: JSONValue?) -> String {
        guard case .object(let map)? = ports else { return "" }
        var lines: [(Int, String, String)] = []
        for (key, value) in map {
            let parts = key.split(separator: "/")
            let number = Int(parts.first ?? "") ?? 0
            let proto = parts.count > 1 ? String(parts[1]) : "tcp"
            for b in value.array ?? [] { lines.append((number, proto, "\(key) -> \(address(b))")) }
        }
        lines.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return lines.map { $0.2 + "\n" }.joined()
    }
}
