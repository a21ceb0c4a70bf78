import BerthCore
import BerthLinux
import BerthOCI

enum V1BlkioController {
    static func set(_ dir: String?, _ blkio: BlockIOResources?) throws {
        guard let b = blkio, b != BlockIOResources() else { return }
        let dir = try CgroupFiles.need(dir, controller: "blkio", field: "linux.resources.blockIO")
        // With the BFQ scheduler the CFQ files are gone and the weights live under blkio.bfq.*.
        let bfq = !FileIO.exists(dir + "/blkio.weight") && FileIO.exists(dir + "/blkio.bfq.weight")
        let weightFile = bfq ? "blkio.bfq.weight" : "blkio.weight"
        if let w = b.weight, w != 0 {
            try CgroupFiles.write(dir, weightFile, String(w), field: "linux.resources.blockIO.weight")
        }
        if let w = b.leafWeight, w != 0 {
            try CgroupFiles.write(dir, "blkio.leaf_weight", String(w), field: "linux.resources.blockIO.leafWeight")
        }
        for (i, d) in (b.weightDevice ?? []).enumerated() {
            let field = "linux.resources.blockIO.weightDevice[\(i)]"
            if let w = d.weight {
                try CgroupFiles.write(dir, weightFile + "_device", "\(d.major):\(d.minor) \(w)", field: field)
            }
            if let w = d.leafWeight {
                try CgroupFiles.write(dir, "blkio.leaf_weight_device", "\(d.major):\(d.minor) \(w)", field: field)
            }
        }
        let throttles: [(String, [ThrottleDevice]?, String)] = [
            ("throttleReadBpsDevice", b.throttleReadBpsDevice, "blkio.throttle.read_bps_device"),
            ("throttleWriteBpsDevice", b.throttleWriteBpsDevice, "blkio.throttle.write_bps_device"),
            ("throttleReadIOPSDevice", b.throttleReadIOPSDevice, "blkio.throttle.read_iops_device"),
            ("throttleWriteIOPSDevice", b.throttleWriteIOPSDevice, "blkio.throttle.write_iops_device"),
        ]
        for (name, devices, file) in throttles {
            for (i, d) in (devices ?? []).enumerated() {
                try CgroupFiles.write(dir, file, "\(d.major):\(d.minor) \(d.rate)", field: "linux.resources.blockIO.\(name)[\(i)]")
            }
        }
    }

    static func stats(_ dir: String, into stats: inout CgroupStats) {
        stats.blkio.ioServiceBytesRecursive = entries(dir, "blkio.throttle.io_service_bytes_recursive")
        stats.blkio.ioServicedRecursive = entries(dir, "blkio.throttle.io_serviced_recursive")
    }

    /// Lines are "major:minor Op value", plus a "Total value" summary that runc drops.
    static func entries(_ dir: String, _ file: String) -> [CgroupStats.BlkioEntry] {
        guard let text = CgroupFiles.read(dir, file) else { return [] }
        var out: [CgroupStats.BlkioEntry] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count == 3, let value = UInt64(f[2]) else { continue }
            let dev = f[0].split(separator: ":")
            guard dev.count == 2, let major = UInt64(dev[0]), let minor = UInt64(dev[1]) else { continue }
            out.append(CgroupStats.BlkioEntry(major: major, minor: minor, op: String(f[1]), value: value))
        }
        return out
    }
}
