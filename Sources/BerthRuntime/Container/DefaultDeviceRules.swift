import BerthOCI

/// runc appends these allow rules to every container's device cgroup, after the config's own: the
/// runtime itself must be able to mknod the default /dev set, and a terminal needs the pty devices.
/// /dev/console (c 5:1) is deliberately absent: a container's console is a bind-mounted pty slave,
/// and allowing 5:1 would let a container with CAP_MKNOD reach the host's console.
/// Each device the config lists is allowed too.
enum DefaultDeviceRules {
    static func rules(for linux: Linux?) -> [DeviceCgroupRule] {
        var rules: [DeviceCgroupRule] = [
            DeviceCgroupRule(allow: true, type: "c", major: nil, minor: nil, access: "m"),
            DeviceCgroupRule(allow: true, type: "b", major: nil, minor: nil, access: "m"),
            DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 3, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 8, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 7, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 5, minor: 0, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 5, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 9, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 136, minor: nil, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 5, minor: 2, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 10, minor: 200, access: "rwm"),
        ]
        for device in linux?.devices ?? [] where device.type == "c" || device.type == "b" {
            rules.append(DeviceCgroupRule(allow: true, type: device.type, major: device.major, minor: device.minor, access: "rwm"))
        }
        return rules
    }

    /// The config's resources with the default rules appended, when the config restricts devices.
    static func apply(to resources: LinuxResources?, linux: Linux?) -> LinuxResources? {
        guard var resources, let devices = resources.devices, !devices.isEmpty else { return resources }
        resources.devices = devices + rules(for: linux)
        return resources
    }
}
