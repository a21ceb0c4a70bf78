import BerthOCI

/// rdma.max has the same format in v1 and v2, so both managers share this writer.
enum RDMALimits {
    static func set(_ dir: String?, _ rdma: [String: RdmaLimit]?) throws {
        guard let rdma, !rdma.isEmpty else { return }
        let dir = try CgroupFiles.need(dir, controller: "rdma", field: "linux.resources.rdma")
        for device in rdma.keys.sorted() {
            guard let limit = rdma[device] else { continue }
            var parts = [device]
            if let h = limit.hcaHandles { parts.append("hca_handle=\(h)") }
            if let o = limit.hcaObjects { parts.append("hca_object=\(o)") }
            guard parts.count > 1 else { continue }
            try CgroupFiles.write(dir, "rdma.max", parts.joined(separator: " "), field: "linux.resources.rdma[\"\(device)\"]")
        }
    }
}
