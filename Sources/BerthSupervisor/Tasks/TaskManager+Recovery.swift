import BerthCore
import BerthLinux
import BerthShimAPI
import FoundationEssentials

extension TaskManager {
    /// After a restart: reconnect to every shim whose bundle is on disk. Live shims get their monitor
    /// back (and report exits that happened while we were down); dead ones are cleaned up and their
    /// tasks reported exited. A bundle without a record is a create that crashed half way: it is
    /// unmounted and removed.
    func recover() async -> (live: Int, dead: Int, discarded: Int) {
        var live = 0
        var dead = 0
        var discarded = 0
        let shimsRoot = configuration.stateRoot + "/shims"
        for namespace in FileIO.subdirectories(shimsRoot) {
            for id in FileIO.subdirectories("\(shimsRoot)/\(namespace)") {
                let bundle = TaskBundle(path: "\(shimsRoot)/\(namespace)/\(id)")
                let key = TaskKey(namespace: namespace, id: id)
                guard let record = bundle.load(), let address = FileIO.readTrimmed(bundle.path + "/address") else {
                    let socket = ShimAddress.socketPath(namespace: namespace, id: id, socketDirectory: launcher.socketDirectory)
                    try? ShimClient(address: socket, timeoutMilliseconds: 2000).shutdown(now: true)
                    try? bundle.unmountRootfs()
                    try? bundle.remove()
                    discarded += 1
                    continue
                }
                let client = ShimClient(address: address, timeoutMilliseconds: 60_000)
                let connected = try? await Blocking.run { try client.connect() }
                let handle = TaskHandle(key: key, bundle: bundle, client: client, record: record, pid: connected?.initPid ?? 0)
                register(handle)
                if connected != nil {
                    startMonitor(handle)
                    live += 1
                } else {
                    _ = await confirmDeath(handle)
                    dead += 1
                }
            }
        }
        return (live, dead, discarded)
    }
}
