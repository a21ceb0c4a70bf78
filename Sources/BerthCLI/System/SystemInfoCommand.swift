import BerthCore

/// `berth info` / `berth system info`: GET /info printed in docker's layout, or through `--format`
/// (the server fields at the top level, plus ClientInfo, as docker's info struct embeds them).
public enum SystemInfoCommand {
    public static let spec = CommandSpec(
        path: ["system", "info"], aliases: [["info"]], usage: "system info [OPTIONS]", summary: "Display system-wide information",
        flags: [
            FlagSpec.jsonOrTemplateFormat,
        ],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let format = ctx.arguments.string("format") ?? ""
        var template: GoTemplate?
        if !format.isEmpty {
            do { template = try GoTemplate(parsing: format == "json" ? "{{json .}}" : format) } catch let e as TemplateError {
                throw CLIError.message("template parsing error: \(e.message)", status: 64)
            }
        }
        let info = try ctx.client().json("GET", "/info")
        if let template {
            var map: [String: TemplateValue] = [:]
            if case .object(let o) = info { map = o.mapValues(TemplateValue.init(json:)) }
            map["ClientInfo"] = .map(["Debug": .bool(ctx.globals.debug), "Context": .string("default"),
                                      "Plugins": .array([]), "Warnings": .null])
            do { ctx.stdout.write(try template.execute(.map(map)) + "\n") } catch let e as TemplateError {
                throw CLIError.message("template parsing error: \(e.message)", status: 1)
            }
            return 0
        }
        ctx.stdout.write(render(info, debug: ctx.globals.debug))
        return 0
    }

    static func text(_ v: JSONValue?) -> String {
        switch v {
        case .string(let s)?: return s
        case .number(let n)?: return n
        case .bool(let b)?: return b ? "true" : "false"
        default: return ""
        }
    }

    /// docker's prettyPrintInfo, trimmed to the fields berthd reports.
    static func render(_ i: JSONValue, debug: Bool) -> String {
        var s = "Client:\n Version:    \(BerthCommandLine.version)\n Context:    default\n Debug Mode: \(debug)\n\nServer:\n"
        s += " Containers: \(text(i["Containers"]))\n  Running: \(text(i["ContainersRunning"]))\n"
        s += "  Paused: \(text(i["ContainersPaused"]))\n  Stopped: \(text(i["ContainersStopped"]))\n"
        s += " Images: \(text(i["Images"]))\n Server Version: \(text(i["ServerVersion"]))\n"
        s += " Storage Driver: \(text(i["Driver"]))\n"
        for pair in i["DriverStatus"]?.array ?? [] {
            if let kv = pair.array, kv.count == 2 { s += "  \(text(kv[0])): \(text(kv[1]))\n" }
        }
        s += " Logging Driver: \(text(i["LoggingDriver"]))\n Cgroup Driver: \(text(i["CgroupDriver"]))\n"
        s += " Cgroup Version: \(text(i["CgroupVersion"]))\n"
        if let plugins = i["Plugins"] {
            s += " Plugins:\n"
            s += "  Volume: " + (plugins["Volume"]?.array ?? []).map { text($0) }.joined(separator: " ") + "\n"
            s += "  Network: " + (plugins["Network"]?.array ?? []).map { text($0) }.joined(separator: " ") + "\n"
            s += "  Log: " + (plugins["Log"]?.array ?? []).map { text($0) }.joined(separator: " ") + "\n"
        }
        s += " Swarm: \(text(i["Swarm"]?["LocalNodeState"]).isEmpty ? "inactive" : text(i["Swarm"]?["LocalNodeState"]))\n"
        if case .object(let runtimes)? = i["Runtimes"] { s += " Runtimes: " + runtimes.keys.sorted().joined(separator: " ") + "\n" }
        s += " Default Runtime: \(text(i["DefaultRuntime"]))\n"
        s += " Init Binary: \(text(i["InitBinary"]))\n"
        s += " containerd version: \(text(i["ContainerdCommit"]?["ID"]))\n"
        s += " runc version: \(text(i["RuncCommit"]?["ID"]))\n"
        s += " init version: \(text(i["InitCommit"]?["ID"]))\n"
        let security = (i["SecurityOptions"]?.array ?? []).map { text($0) }
        if !security.isEmpty {
            s += " Security Options:\n"
            for opt in security {
                // "name=seccomp,profile=builtin" → "seccomp" + " Profile: builtin".
                var name = opt
                var extras: [(String, String)] = []
                for part in opt.goSplit(",") {
                    let kv = part.goSplit("=")
                    guard kv.count == 2 else { continue }
                    if kv[0] == "name" { name = kv[1] } else { extras.append((kv[0].goTitle(), kv[1])) }
                }
                s += "  \(name)\n"
                for (k, v) in extras { s += "   \(k): \(v)\n" }
            }
        }
        s += " Kernel Version: \(text(i["KernelVersion"]))\n Operating System: \(text(i["OperatingSystem"]))\n"
        s += " OSType: \(text(i["OSType"]))\n Architecture: \(text(i["Architecture"]))\n CPUs: \(text(i["NCPU"]))\n"
        s += " Total Memory: \(HumanUnits.bytes(Double(i["MemTotal"]?.int64 ?? 0)))\n"
        s += " Name: \(text(i["Name"]))\n ID: \(text(i["ID"]))\n Docker Root Dir: \(text(i["DockerRootDir"]))\n"
        s += " Debug Mode: \(text(i["Debug"]).isEmpty ? "false" : text(i["Debug"]))\n"
        s += " Experimental: \(text(i["ExperimentalBuild"]).isEmpty ? "false" : text(i["ExperimentalBuild"]))\n"
        let insecure = (i["RegistryConfig"]?["InsecureRegistryCIDRs"]?.array ?? []).map { text($0) }
        if !insecure.isEmpty { s += " Insecure Registries:\n" + insecure.map { "  \($0)\n" }.joined() }
        s += " Live Restore Enabled: \(text(i["LiveRestoreEnabled"]).isEmpty ? "false" : text(i["LiveRestoreEnabled"]))\n"
        let warnings = (i["Warnings"]?.array ?? []).map { text($0) }
        if !warnings.isEmpty { s += "\n" + warnings.joined(separator: "\n") + "\n" }
        return s
    }
}
