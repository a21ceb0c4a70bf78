import BerthEngineAPI

/// `berth update`: POST /containers/{id}/update with the resources and restart policy, printing each
/// container name (and any warnings) like docker.
public enum ContainerUpdateCommand {
    public static let spec = CommandSpec(
        path: ["container", "update"], aliases: [["update"]], usage: "container update [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Update configuration of one or more containers",
        flags: [
            FlagSpec("blkio-weight", .int, valueName: "uint16", help: "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
            FlagSpec("cpu-period", .int, help: "Limit CPU CFS (Completely Fair Scheduler) period"),
            FlagSpec("cpu-quota", .int, help: "Limit CPU CFS (Completely Fair Scheduler) quota"),
            FlagSpec("cpu-rt-period", .int, help: "Limit the CPU real-time period in microseconds"),
            FlagSpec("cpu-rt-runtime", .int, help: "Limit the CPU real-time runtime in microseconds"),
            FlagSpec("cpu-shares", short: "c", .int, help: "CPU shares (relative weight)"),
            FlagSpec("cpus", .string, valueName: "decimal", help: "Number of CPUs"),
            FlagSpec("cpuset-cpus", .string, help: "CPUs in which to allow execution (0-3, 0,1)"),
            FlagSpec("cpuset-mems", .string, help: "MEMs in which to allow execution (0-3, 0,1)"),
            FlagSpec("memory", short: "m", .string, valueName: "bytes", help: "Memory limit"),
            FlagSpec("memory-reservation", .string, valueName: "bytes", help: "Memory soft limit"),
            FlagSpec("memory-swap", .string, valueName: "bytes", help: "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
            FlagSpec("pids-limit", .int, help: "Tune container pids limit (set -1 for unlimited)"),
            FlagSpec("restart", .string, help: "Restart policy to apply when a container exits"),
        ],
        arguments: .atLeast(1), run: run)

    /// The update body for these flags (docker sends every field; unset ones are zero).
    public static func request(_ a: ParsedArguments, usage: String, command: String) throws -> ContainerUpdateRequest {
        guard a.values.keys.contains(where: { $0 != "help" }) else {
            throw CLIError.message("you must provide one or more flags when using this command", status: 1)
        }
        func bytes(_ flag: String, short: Character? = nil, allowMinusOne: Bool = false) throws -> Int64 {
            guard let text = a.values[flag]?.last, !text.isEmpty else { return 0 }
            if allowMinusOne && text == "-1" { return -1 }
            guard let n = ByteSize.ram(text) else {
                let shown = short.map { "-\($0), --\(flag)" } ?? "--\(flag)"
                throw CLIError.flag("invalid argument \"\(text)\" for \"\(shown)\" flag: invalid size: '\(text)'", usage: usage, command: command)
            }
            return n
        }
        var u = ContainerUpdateRequest()
        u.blkioWeight = UInt16(clamping: a.int("blkio-weight") ?? 0)
        u.cpuPeriod = Int64(a.int("cpu-period") ?? 0)
        u.cpuQuota = Int64(a.int("cpu-quota") ?? 0)
        u.cpuRealtimePeriod = Int64(a.int("cpu-rt-period") ?? 0)
        u.cpuRealtimeRuntime = Int64(a.int("cpu-rt-runtime") ?? 0)
        u.cpuShares = Int64(a.int("cpu-shares") ?? 0)
        if let cpus = a.string("cpus"), !cpus.isEmpty {
            guard let v = Double(cpus), v >= 0 else {
                throw CLIError.flag("invalid argument \"\(cpus)\" for \"--cpus\" flag: failed to parse \(cpus) as a rational number", usage: usage, command: command)
            }
            u.nanoCpus = Int64((v * 1e9).rounded())
        }
        u.cpusetCpus = a.string("cpuset-cpus") ?? ""
        u.cpusetMems = a.string("cpuset-mems") ?? ""
        u.memory = try bytes("memory", short: "m")
        u.memoryReservation = try bytes("memory-reservation")
        u.memorySwap = try bytes("memory-swap", allowMinusOne: true)
        if a.isSet("pids-limit") { u.pidsLimit = Int64(a.int("pids-limit") ?? 0) }
        if let restart = a.string("restart"), !restart.isEmpty {
            u.restartPolicy = try ContainerCreateOptions.restartPolicy(restart)
        }
        return u
    }

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let body = try request(ctx.arguments, usage: ctx.commandName + ctx.spec.usageSuffix, command: ctx.commandName)
        let client = try ctx.client()
        let bytes = try EngineJSON.encode(body)
        var warnings: [String] = []
        var errors: [String] = []
        for name in ctx.positional {
            do {
                let r = try client.json("POST", ContainerBatch.path(name, "/update"), body: .json(bytes))
                ctx.stdout.write(name + "\n")
                warnings += r["Warnings"]?.array?.compactMap(\.string) ?? []
            } catch let e as EngineAPIError {
                errors.append(e.description)
            }
        }
        // docker prints the warnings on stdout after the names, then the errors.
        if !warnings.isEmpty { ctx.stdout.write(warnings.joined(separator: "\n") + "\n") }
        guard errors.isEmpty else { throw CLIError.message(errors.joined(separator: "\n"), status: 1) }
        return 0
    }
}
