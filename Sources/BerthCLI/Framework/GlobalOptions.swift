#if canImport(Glibc)
import Glibc
#endif

/// Options accepted before the command (`berth -H unix:///x.sock ps`). The host comes from -H, then
/// BERTH_HOST, then DOCKER_HOST, then the default socket.
public struct GlobalOptions: Sendable {
    public static let defaultHost = "unix:///run/berth/berth.sock"

    public var host: String?
    public var debug = false
    public var logLevel = "info"
    public var showVersion = false
    public var showHelp = false
    public var config: String?

    public init() {}

    public static let flags: [FlagSpec] = [
        FlagSpec("config", .string, help: "Location of client config files"),
        FlagSpec("context", short: "c", .string, help: "Name of the context to use to connect to the daemon"),
        FlagSpec("debug", short: "D", help: "Enable debug mode"),
        FlagSpec("host", short: "H", .list, help: "Daemon socket to connect to"),
        FlagSpec("log-level", short: "l", .string, help: "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")"),
        FlagSpec("tls", help: "Use TLS; implied by --tlsverify"),
        FlagSpec("tlscacert", .string, help: "Trust certs signed only by this CA"),
        FlagSpec("tlscert", .string, help: "Path to TLS certificate file"),
        FlagSpec("tlskey", .string, help: "Path to TLS key file"),
        FlagSpec("tlsverify", help: "Use TLS and verify the remote"),
        FlagSpec("version", short: "v", help: "Print version information and quit"),
    ]

    static func environment(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        let s = String(cString: p)
        return s.isEmpty ? nil : s
    }

    /// The daemon address in effect.
    public var resolvedHost: String {
        host ?? Self.environment("BERTH_HOST") ?? Self.environment("DOCKER_HOST") ?? Self.defaultHost
    }

    /// Splits `berth [global options] command args...`: global flags end at the first non-flag word.
    public static func parse(_ argv: [String]) throws -> (GlobalOptions, [String]) {
        var split = 0
        var i = 0
        let byLong = Dictionary(uniqueKeysWithValues: flags.map { ($0.long, $0) })
        let byShort = Dictionary(uniqueKeysWithValues: flags.compactMap { f in f.short.map { ($0, f) } })
        while i < argv.count {
            let a = argv[i]
            guard a.hasPrefix("-"), a != "-" else { break }
            if a == "--" { i += 1; break }
            i += 1
            // A value-taking flag without an attached value consumes the next word.
            var spec: FlagSpec?
            if a.hasPrefix("--") {
                let name = String(a.dropFirst(2).prefix { $0 != "=" })
                spec = byLong[name]
                if a.contains("=") { continue }
            } else if let last = a.last, a.count == 2 {
                spec = byShort[last]
            }
            if let spec, spec.kind != .bool, i < argv.count { i += 1 }
        }
        split = i
        let usage = "\(CLIName.value) [OPTIONS] COMMAND [ARG...]"
        let parsed = try ArgumentParser.parse(Array(argv[0..<split]), flags: flags, interspersed: true,
                                              usage: usage, command: CLIName.value)
        var g = GlobalOptions()
        g.host = parsed.list("host").last
        g.debug = parsed.bool("debug")
        g.logLevel = parsed.string("log-level") ?? "info"
        g.showVersion = parsed.bool("version")
        g.showHelp = parsed.bool("help")
        g.config = parsed.string("config")
        return (g, Array(argv[split...]))
    }
}
