import BerthCore
import BerthEngine
import BerthHTTPServer
import BerthLinux
import BerthNetwork
import BerthRegistry
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// berthd: the Docker Engine API over berth-supervisor (the dockerd role).
func fail(_ message: String) -> Never {
    var bytes = Array("berthd: \(message)\n".utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

signal(SIGPIPE, SIG_IGN)
TerminationWait.blockInAllThreads()
let options: DaemonOptions
do { options = try DaemonOptions.parse(Array(CommandLine.arguments.dropFirst())) } catch { fail("\(error)") }

do {
    try FileIO.mkdirAll(options.dataRoot, mode: 0o710)
    try FileIO.mkdirAll("/run/berth", mode: 0o711)
    try SupervisorLauncher.ensureRunning(socket: options.supervisorAddress, log: options.dataRoot + "/supervisor.log")
    let link = try SupervisorLink(socketPath: options.supervisorAddress)
    var router = Router()
    let registryConfiguration = RegistryConfiguration(insecureRegistries: options.insecureRegistries, mirrors: options.registryMirrors,
                                                      userAgent: "berthd/\(EngineVersion.text)")
    try SystemRoutes.register(&router, system: EngineSystem(link: link, dataRoot: options.dataRoot, loggingDriver: options.logDriver,
                                                            registry: registryConfiguration))
    var containerOptions = ContainerServiceOptions(dataRoot: options.dataRoot)
    containerOptions.logDriver = options.logDriver
    containerOptions.logOptions = options.logOptions
    containerOptions.runtime = options.defaultRuntime == "berth-runtime" ? "" : (options.runtimes[options.defaultRuntime] ?? options.defaultRuntime)
    containerOptions.runtimes = options.runtimes
    containerOptions.initPath = options.initPath
    let events = EngineEvents()
    try ImageRoutes.register(&router, catalog: ImageCatalog(link: link), events: events)
    let registry = RegistryClient(configuration: registryConfiguration)
    try RegistryRoutes.register(&router, images: ImageService(link: link), registry: registry, events: events)
    let volumes = try VolumeService(root: options.dataRoot + "/volumes", events: events)
    var networkOptions = NetworkServiceOptions(dataRoot: options.dataRoot)
    networkOptions.execRoot = options.execRoot
    networkOptions.bridgeName = options.bridge
    guard let bip = IPv4Subnet(options.bip) else { fail("invalid bip \(options.bip): use an address and prefix like 172.17.0.1/16") }
    networkOptions.bridgeIP = bip
    networkOptions.bridgeIPExplicit = options.bipExplicit
    if !options.addressPools.isEmpty {
        networkOptions.addressPools = try options.addressPools.map { pool in
            guard let base = IPv4Subnet(pool.base), (base.prefixLength...30).contains(pool.size) else {
                throw BerthError(.invalidConfig, "invalid default-address-pools entry \(pool.base) size \(pool.size)")
            }
            return (base, pool.size)
        }
    }
    networkOptions.ipForward = options.ipForward
    networkOptions.ipMasquerade = options.ipMasquerade
    networkOptions.mtu = options.mtu
    networkOptions.dns = options.dns
    networkOptions.filterTable = options.nftablesTable
    let networks = try NetworkService(options: networkOptions, events: events)
    let networkProblems = await networks.load()
    let containers = try ContainerService(link: link, catalog: ImageCatalog(link: link), events: events, options: containerOptions,
                                          volumes: volumes, networks: networks)
    for problem in networkProblems + volumes.load() + (await containers.restore()) {
        var bytes = Array("berthd: restore: \(problem)\n".utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
    try ContainerRoutes.register(&router, service: containers, volumes: volumes)
    try ContainerStreamRoutes.register(&router, service: containers)
    try ExecRoutes.register(&router, service: containers)
    try ContainerFileRoutes.register(&router, service: containers, dataRoot: options.dataRoot)
    try VolumeRoutes.register(&router, volumes: volumes)
    try NetworkRoutes.register(&router, networks: networks, containers: containers)
    try EventRoutes.register(&router, events: events)

    var configuration = HTTPServerConfiguration()
    for host in options.hosts {
        if host.hasPrefix("unix://") {
            configuration.unixSocketPath = String(host.dropFirst("unix://".count))
        } else if host.hasPrefix("tcp://"), let address = HTTPServerConfiguration.TCPAddress(String(host.dropFirst("tcp://".count))) {
            configuration.tcpAddress = address
        } else {
            fail("invalid host \(host): use unix:///path or tcp://127.0.0.1:PORT")
        }
    }
    configuration.serverHeader = "Docker/28.2.2 (linux)"
    let server = HTTPServer(configuration: configuration, router: router)
    try await server.start()
    var bytes = Array("berthd: API listening on \(options.hosts.joined(separator: ", "))\n".utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    await TerminationWait.wait()
    await server.shutdown()
    await registry.shutdown()
    link.close()
} catch {
    fail("\(error)")
}
