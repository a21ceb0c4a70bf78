import BerthOCI

enum V1NetClsController {
    static func set(_ dir: String?, _ network: NetworkResources?) throws {
        guard let classID = network?.classID else { return }
        let dir = try CgroupFiles.need(dir, controller: "net_cls", field: "linux.resources.network.classID")
        try CgroupFiles.write(dir, "net_cls.classid", String(classID), field: "linux.resources.network.classID")
    }
}
