import BerthOCI
import FoundationEssentials

/// Builds a container's OCI spec on the client, from runc's defaults plus the image config, as
/// `ctr run` does with WithImageConfig. The supervisor stores the spec as given.
struct SpecBuilder {
    /// The parts of a Docker/OCI image config a run uses.
    struct ImageConfig: Decodable {
        struct Config: Decodable {
            var Env: [String]?
            var Entrypoint: [String]?
            var Cmd: [String]?
            var WorkingDir: String?
            var User: String?
        }
        var config: Config?
    }

    var id: String
    var namespace: String
    var terminal: Bool
    var args: [String]
    var env: [String]
    var cwd: String?
    var user: String?
    var imageConfig: [UInt8]

    func build() throws -> [UInt8] {
        var spec = DefaultSpec.make(rootless: false)
        let config = imageConfig.isEmpty ? nil
            : try JSONDecoder().decode(ImageConfig.self, from: Data(imageConfig)).config
        var process = spec.process ?? Process()
        process.terminal = terminal
        let command = args.isEmpty ? (config?.Entrypoint ?? []) + (config?.Cmd ?? []) : args
        guard !command.isEmpty else { throw CtrFailure("no command given and the image has no Entrypoint or Cmd") }
        process.args = command
        process.env = Self.merge(base: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] + (config?.Env ?? []),
                                 overrides: env + (terminal ? ["TERM=xterm"] : []))
        process.cwd = cwd ?? (config?.WorkingDir).flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        if let name = user ?? config?.User, !name.isEmpty {
            process.user = try Self.numericUser(name)
        }
        spec.process = process
        spec.root = Root(path: "rootfs", readonly: false)
        spec.hostname = id
        var linux = spec.linux ?? Linux()
        linux.cgroupsPath = "/berth/\(namespace)/\(id)"
        spec.linux = linux
        return try JSONCoding.encode(spec)
    }

    /// Later entries win by variable name, keeping first-seen order.
    static func merge(base: [String], overrides: [String]) -> [String] {
        var order: [String] = []
        var values: [String: String] = [:]
        for entry in base + overrides {
            let name = String(entry.split(separator: "=", maxSplits: 1).first ?? "")
            if values[name] == nil { order.append(name) }
            values[name] = entry
        }
        return order.compactMap { values[$0] }
    }

    /// berth-ctr sees no rootfs, so only numeric users are accepted (as `ctr run --user` without a
    /// mounted image); the engine resolves names from the image's /etc/passwd.
    static func numericUser(_ text: String) throws -> User {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let uid = UInt32(parts[0]) else {
            throw CtrFailure("user \"\(text)\": berth-ctr takes a numeric uid[:gid]")
        }
        var gid = uid
        if parts.count == 2 {
            guard let value = UInt32(parts[1]) else { throw CtrFailure("user \"\(text)\": gid must be numeric") }
            gid = value
        }
        return User(uid: uid, gid: gid)
    }
}
