import BerthCore
import BerthLinux
import BerthOCI

enum V2IOController {
    static func set(_ dir: String, _ blkio: BlockIOResources?) throws {
        guard let b = blkio, b != BlockIOResources() else { return }
        if let w = b.leafWeight, w != 0 {
            throw BerthError(.unsupported, "linux.resources.blockIO.leafWeight: not supported by cgroup v2")
        }
        // BFQ takes blkio-style weights (1..1000) directly; io.weight uses the 1..10000 scale.
        let bfq = FileIO.exists(dir + "/io.bfq.weight")
        if let w = b.weight, w != 0 {
            let (file, value) = bfq ? ("io.bfq.weight", UInt64(w)) : ("io.weight", ioWeight(blkioWeight: UInt64(w)))
            try CgroupFiles.write(dir, file, String(value), field: "linux.resources.blockIO.weight")
        }
        for (i, d) in (b.weightDevice ?? []).enumerated() {
            let field = "linux.resources.blockIO.weightDevice[\(i)]"
            if let w = d.leafWeight, w != 0 {
                throw BerthError(.unsupported, "\(field).leafWeight: not supported by cgroup v2")
            }
            guard let w = d.weight else { continue }
            let (file, value) = bfq ? ("io.bfq.weight", UInt64(w)) : ("io.weight", ioWeight(blkioWeight: UInt64(w)))
            try CgroupFiles.write(dir, file, "\(d.major):\(d.minor) \(value)", field: field)
        }
        let throttles: [(String, [ThrottleDevice]?, String)] = [
            ("throttleReadBpsDevice", b.throttleReadBpsDevice, "rbps"),
            ("throttleWriteBpsDevice", b.throttleWriteBpsDevice, "wbps"),
            ("throttleReadIOPSDevice", b.throttleReadIOPSDevice, "riops"),
            ("throttleWriteIOPSDevice", b.throttleWriteIOPSDevice, "wiops"),
        ]
        for (name, devices, key) in throttles {
            for (i, d) in (devices ?? []).enumerated() {
                let rate = d.rate == 0 ? "max" : String(d.rate)
                try CgroupFiles.write(dir, "io.max", "\(d.major):\(d.minor) \(key)=\(rate)", field: "linux.resources.blockIO.\(name)[\(i)]")
            }
        }
    }

    /// blkio.weight (10..1000) to io.weight (1..10000), runc's mapping.
    static func ioWeight(blkioWeight w: UInt64) -> UInt64 {
        guard w >= 10 else { return 1 }
        return 1 + (min(w, 1000) - 10) * 9999 / 990
    }

    /// io.stat lines: "major:minor rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N".
    static func stats(_ dir: String, into stats: inout CgroupStats) {
        guard let text = CgroupFiles.read(dir, "io.stat") else { return }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let devField = fields.first else { continue }
            let dev = devField.split(separator: ":")
            guard dev.count == 2, let major = UInt64(dev[0]), let minor = UInt64(dev[1]) else { continue }
            var kv: [Substring: UInt64] = [:]
            for f in fields.dropFirst() {
                let p = f.split(separator: "=")
                if p.count == 2, let v = UInt64(p[1]) { kv[p[0]] = v }
            }
            for (key, op) in [("rbytes", "Read"), ("wbytes", "Write")] {
                stats.blkio.ioServiceBytesRecursive.append(.init(major: major, minor: minor, op: op, value: kv[Substring(key)] ?? 0))
            }
            for (key, op) in [("rios", "Read"), ("wios", "Write")] {
                stats.blkio.ioServicedRecursive.append(.init(major: major, minor: minor, op: op, value: kv[Substring(key)] ?? 0))
            }
        }
    }
}
