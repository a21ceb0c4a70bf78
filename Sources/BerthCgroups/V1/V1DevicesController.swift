import BerthCore
import BerthOCI

enum V1DevicesController {
    /// Deny everything, then replay the rules in order: the kernel's own exception list then gives the same
    /// last-match-wins result the OCI rule list describes.
    static func set(_ dir: String?, _ rules: [DeviceCgroupRule]?) throws {
        guard let rules else { return }
        let dir = try CgroupFiles.need(dir, controller: "devices", field: "linux.resources.devices")
        let entries = try rules.enumerated().map { i, rule in (rule.allow, try entry(rule, index: i)) }
        try CgroupFiles.write(dir, "devices.deny", "a", field: "linux.resources.devices")
        for (i, (allow, line)) in entries.enumerated() {
            try CgroupFiles.write(dir, allow ? "devices.allow" : "devices.deny", line, field: "linux.resources.devices[\(i)]")
        }
    }

    /// "type major:minor access" as devices.allow/deny expect; a type of "a" stands for every device.
    static func entry(_ rule: DeviceCgroupRule, index: Int) throws -> String {
        let field = "linux.resources.devices[\(index)]"
        let type = rule.type ?? "a"
        guard ["a", "b", "c"].contains(type) else {
            throw BerthError(.invalidConfig, "\(field).type: invalid device type \"\(type)\" (want a, b or c)")
        }
        let access = try validatedAccess(rule.access, field: field)
        if type == "a" && rule.major == nil && rule.minor == nil { return "a" }
        let major = try number(rule.major, field: field + ".major")
        let minor = try number(rule.minor, field: field + ".minor")
        return "\(type) \(major):\(minor) \(access)"
    }

    static func validatedAccess(_ access: String?, field: String) throws -> String {
        let access = access ?? "rwm"
        guard !access.isEmpty, access.allSatisfy({ "rwm".contains($0) }) else {
            throw BerthError(.invalidConfig, "\(field).access: invalid device access \"\(access)\" (want a combination of r, w, m)")
        }
        return access
    }

    private static func number(_ n: Int64?, field: String) throws -> String {
        guard let n, n >= 0 else { return "*" }
        guard n <= Int64(UInt32.max) else { throw BerthError(.invalidConfig, "\(field): \(n) is out of range") }
        return String(n)
    }
}
