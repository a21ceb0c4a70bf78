import BerthCore
import BerthLinux
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// berthd's settings: daemon.json (dockerd's keys) overlaid by command-line flags.
struct DaemonOptions {
    var hosts: [String] = []
    var dataRoot = "/var/lib/berth/engine"
    var supervisorAddress = "/run/berth/supervisor.sock"
    var configFile = "/etc/berth/daemon.json"
    var logDriver = "json-file"
    var logOptions: [String: String] = [:]
    var defaultRuntime = "berth-runtime"
    var runtimes: [String: String] = [:]
    var liveRestore = false
    var debug = false
    /// The static init bound at /sbin/docker-init for `--init`: dockerd's docker-init is tini.
    var initPath: String? = DaemonOptions.defaultInitPath()
    var insecureRegistries: [String] = []
    var registryMirrors: [String] = []
    var execRoot = "/run/berth"
    var bridge = "berth0"
    var bip = "172.17.0.1/16"
    /// `bip` came from daemon.json or a flag: used as given, even where the host already routes it.
    var bipExplicit = false
    var addressPools: [(base: String, size: Int)] = []
    var ipForward = true
    var ipMasquerade = true
    var mtu: Int?
    var dns: [String] = []
    /// The nftables table berthd owns (one per daemon, so two daemons on a host never share rules).
    var nftablesTable = "berth"

    /// The daemon.json keys dockerd and berthd share. Unknown keys are refused, as dockerd refuses them,
    /// so a typo is not silently ignored.
    struct File: Decodable {
        struct Runtime: Decodable { var path: String }
        var dataRoot: String?
        var hosts: [String]?
        var logDriver: String?
        var logOpts: [String: String]?
        var defaultRuntime: String?
        var runtimes: [String: Runtime]?
        var liveRestore: Bool?
        var debug: Bool?
        var initPath: String?
        var insecureRegistries: [String]?
        var registryMirrors: [String]?
        struct Pool: Decodable { var base: String; var size: Int }
        var execRoot: String?
        var bridge: String?
        var bip: String?
        var defaultAddressPools: [Pool]?
        var ipForward: Bool?
        var ipMasq: Bool?
        var mtu: Int?
        var dns: [String]?
        var nftablesTable: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dataRoot = "data-root", hosts, logDriver = "log-driver", logOpts = "log-opts"
            case defaultRuntime = "default-runtime", runtimes, liveRestore = "live-restore", debug
            case initPath = "init-path"
            case insecureRegistries = "insecure-registries", registryMirrors = "registry-mirrors"
            case execRoot = "exec-root", bridge, bip, defaultAddressPools = "default-address-pools", ipForward = "ip-forward"
            case ipMasq = "ip-masq", mtu, dns, nftablesTable = "nftables-table"
        }
    }

    static func parse(_ arguments: [String]) throws -> DaemonOptions {
        var options = DaemonOptions()
        var flagHosts: [String] = []
        var flagPools: [(base: String, size: Int)] = []
        var explicit: [String: String] = [:]
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            func value() throws -> String {
                if let eq = flag.firstIndex(of: "=") { return String(flag[flag.index(after: eq)...]) }
                guard let next = rest.popFirst() else { throw BerthError(.invalidArgument, "flag needs an argument: \(flag)") }
                return next
            }
            let name = flag.split(separator: "=", maxSplits: 1).first.map(String.init) ?? flag
            switch name {
            case "-H", "--host": flagHosts.append(try value())
            case "--data-root": explicit["data-root"] = try value()
            case "--config-file": options.configFile = try value()
            case "--supervisor", "--containerd": options.supervisorAddress = try value()
            case "--log-driver": explicit["log-driver"] = try value()
            case "--default-runtime": explicit["default-runtime"] = try value()
            case "--init-path": explicit["init-path"] = try value()
            case "--insecure-registry": options.insecureRegistries.append(try value())
            case "--registry-mirror": options.registryMirrors.append(try value())
            case "--live-restore": options.liveRestore = true
            case "--exec-root": explicit["exec-root"] = try value()
            case "-b", "--bridge": explicit["bridge"] = try value()
            case "--bip": explicit["bip"] = try value()
            case "--mtu": explicit["mtu"] = try value()
            case "--dns": options.dns.append(try value())
            case "--default-address-pool":
                // dockerd's syntax: base=10.10.0.0/16,size=24
                var fields: [String: String] = [:]
                for part in try value().split(separator: ",") {
                    let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { fields[kv[0]] = kv[1] }
                }
                guard let base = fields["base"], let size = fields["size"].flatMap({ Int($0) }) else {
                    throw BerthError(.invalidArgument, "invalid --default-address-pool: use base=CIDR,size=N")
                }
                flagPools.append((base, size))
            case "--nftables-table": explicit["nftables-table"] = try value()
            case "--ip-forward": explicit["ip-forward"] = flag.contains("=") ? try value() : "true"
            case "--ip-masq": explicit["ip-masq"] = flag.contains("=") ? try value() : "true"
            case "-D", "--debug": options.debug = true
            case "-v", "--version":
                print("Berth Engine version \(EngineVersion.text)")
                exit(0)
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw BerthError(.invalidArgument, "unknown flag: \(flag)")
            }
        }
        try options.load(explicitConfig: arguments.contains { $0.hasPrefix("--config-file") })
        if !flagHosts.isEmpty { options.hosts = flagHosts }
        if let v = explicit["data-root"] { options.dataRoot = v }
        if let v = explicit["log-driver"] { options.logDriver = v }
        if let v = explicit["default-runtime"] { options.defaultRuntime = v }
        if let v = explicit["init-path"] { options.initPath = v }
        if let v = explicit["exec-root"] { options.execRoot = v }
        if !flagPools.isEmpty { options.addressPools = flagPools }
        if let v = explicit["bridge"] { options.bridge = v }
        if let v = explicit["bip"] { options.bip = v; options.bipExplicit = true }
        if let v = explicit["nftables-table"] { options.nftablesTable = v }
        if let v = explicit["mtu"] {
            guard let mtu = Int(v), mtu >= 68 else { throw BerthError(.invalidArgument, "invalid --mtu \(v)") }
            options.mtu = mtu
        }
        if let v = explicit["ip-forward"] { options.ipForward = v != "false" }
        if let v = explicit["ip-masq"] { options.ipMasquerade = v != "false" }
        if options.hosts.isEmpty { options.hosts = ["unix:///run/berth/berth.sock"] }
        return options
    }

    /// A missing default config is fine; a missing explicit one, or a malformed one, is an error.
    mutating func load(explicitConfig: Bool) throws {
        guard let bytes = try? FileIO.read(configFile) else {
            if explicitConfig { throw BerthError(.notFound, "config file \(configFile) not found") }
            return
        }
        if case .object(let fields)? = try? JSONValue.parse(bytes) {
            let known = Set(File.CodingKeys.allCases.map(\.rawValue))
            if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
                throw BerthError(.invalidConfig, "unable to configure the Docker daemon with file \(configFile): the following directives don't match any configuration option: \(unknown)")
            }
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: Data(bytes)) } catch {
            throw BerthError(.invalidConfig, "unable to configure the Docker daemon with file \(configFile): \(error)")
        }
        if let v = file.dataRoot { dataRoot = v }
        if let v = file.hosts { hosts = v }
        if let v = file.logDriver { logDriver = v }
        if let v = file.logOpts { logOptions = v }
        if let v = file.defaultRuntime { defaultRuntime = v }
        if let v = file.runtimes { runtimes = v.mapValues(\.path) }
        if let v = file.liveRestore { liveRestore = v }
        if let v = file.debug { debug = v }
        if let v = file.initPath { initPath = v }
        if let v = file.insecureRegistries { insecureRegistries += v }
        if let v = file.registryMirrors { registryMirrors += v }
        if let v = file.execRoot { execRoot = v }
        if let v = file.bridge { bridge = v }
        if let v = file.bip { bip = v; bipExplicit = true }
        if let v = file.defaultAddressPools { addressPools = v.map { ($0.base, $0.size) } }
        if let v = file.ipForward { ipForward = v }
        if let v = file.ipMasq { ipMasquerade = v }
        if let v = file.mtu { mtu = v }
        if let v = file.dns { dns += v }
        if let v = file.nftablesTable { nftablesTable = v }
    }

    /// The first static init found: Debian's docker.io `docker-init`, then tini's static build
    /// (the container's root filesystem has no libc of the host, so it must be static).
    static func defaultInitPath() -> String? {
        ["/usr/sbin/docker-init", "/usr/libexec/docker/docker-init", "/usr/bin/tini-static"].first { FileIO.exists($0) }
    }

    static let usage = """
    Usage:  berthd [OPTIONS]

    A self-sufficient runtime for containers (the Docker Engine API over berth-supervisor)

    Options:
          --config-file string      Daemon configuration file (default "/etc/berth/daemon.json")
          --data-root string        Root directory of persistent engine state (default "/var/lib/berth/engine")
      -D, --debug                   Enable debug mode
          --default-runtime string  Default OCI runtime for containers (default "berth-runtime")
          --init-path string        Path to the static init binary run by --init (default: docker-init or tini-static)
          --insecure-registry list  Enable insecure registry communication (host[:port] or CIDR; loopback always is)
      -H, --host list               Daemon socket(s) to connect to (unix:///path, tcp://127.0.0.1:PORT)
      -b, --bridge string           Attach containers to a network bridge (default "berth0"; "none" disables it)
          --bip string              Default bridge's address and prefix (default "172.17.0.1/16")
          --default-address-pool    Default address pools for user networks (base=CIDR,size=N)
          --dns list                DNS server for containers (and upstream of the embedded resolver)
          --exec-root string        Root directory for execution state (netns files) (default "/run/berth")
          --ip-forward              Enable net.ipv4.ip_forward (default true)
          --ip-masq                 Enable IP masquerading for bridge networks (default true)
          --mtu int                 MTU of container network links
          --nftables-table string   The nftables table berthd owns (default "berth")
          --registry-mirror list    Preferred Docker registry mirror
          --live-restore            Keep containers running when the daemon stops
          --log-driver string       Default driver for container logs (default "json-file")
          --supervisor string       berth-supervisor socket (default "/run/berth/supervisor.sock")
      -v, --version                 Print version information and quit
    """
}

enum EngineVersion {
    static let text = "0.4.0, build berth"
}
