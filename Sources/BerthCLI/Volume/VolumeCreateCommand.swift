import BerthCore

/// `berth volume create [VOLUME]`: POST /volumes/create {Driver, DriverOpts, Labels, Name}, then
/// prints the name the daemon chose (a generated one when none was given).
public enum VolumeCreateCommand {
    public static let spec = CommandSpec(
        path: ["volume", "create"], usage: "volume create [OPTIONS] [VOLUME]", summary: "Create a volume",
        flags: [
            FlagSpec("driver", short: "d", .string, defaultValue: "local", help: "Specify volume driver name"),
            FlagSpec("label", .list, help: "Set metadata for a volume"),
            FlagSpec("name", .string, hidden: true, help: "Specify volume name"),
            FlagSpec("opt", short: "o", .list, valueName: "map", defaultValue: "map[]", help: "Set driver specific options"),
        ],
        arguments: .atMost(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        var name = a.string("name") ?? ""
        if let positional = ctx.positional.first {
            // docker refuses any --name next to a positional, even the same one.
            if !name.isEmpty {
                throw CLIError.message("conflicting options: cannot specify a volume-name through both --name and as a positional arg", status: 1)
            }
            name = positional
        }
        let body = TemplateValue.record(TemplateRecord(typeName: "volume.CreateOptions", fields: [
            ("Driver", .string(a.string("driver") ?? "local")),
            ("DriverOpts", TemplateValue(stringMap: keyValues(a.list("opt")))),
            ("Labels", TemplateValue(stringMap: keyValues(a.list("label")))),
            ("Name", .string(name)),
        ]))
        let created = try ctx.client().json("POST", "/volumes/create", body: .json(body))
        ctx.stdout.write((created["Name"]?.string ?? "") + "\n")
        return 0
    }

    /// opts.MapOpts for `-o` and ConvertKVStringsToMap for `--label`: split at the first `=`, a
    /// bare key maps to "", and a repeated key keeps its last value.
    static func keyValues(_ values: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for v in values {
            if let eq = v.firstIndex(of: "=") {
                out[String(v[..<eq])] = String(v[v.index(after: eq)...])
            } else {
                out[v] = ""
            }
        }
        return out
    }
}
