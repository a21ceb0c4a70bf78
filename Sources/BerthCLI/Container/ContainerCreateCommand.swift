/// `berth create` / `berth container create`: POST /containers/create and print the full ID.
public enum ContainerCreateCommand {
    public static let spec = CommandSpec(
        path: ["container", "create"], aliases: [["create"]],
        usage: "container create [OPTIONS] IMAGE [COMMAND] [ARG...]", summary: "Create a new container",
        flags: (ContainerCreateFlags.all + [ContainerCreateFlags.help, ContainerCreateFlags.createPull]).sorted { $0.long < $1.long }, arguments: .atLeast(1), interspersed: false, run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let opts: ContainerCreateOptions
        do {
            opts = try ContainerCreateOptions(ctx.arguments, usage: ctx.commandName + ctx.spec.usageSuffix, command: ctx.commandName)
        } catch let e as CLIError {
            // Flag syntax errors keep pflag's format; option conflicts read `berth: …` like docker create.
            if case .flag = e { throw e }
            throw ContainerRunner.statusError(e, command: "create")
        }
        try ContainerCIDFile.checkAbsent(opts.cidfile)
        let id = try ContainerRunner.create(ctx, opts)
        try ContainerCIDFile.write(opts.cidfile, id)
        ctx.stdout.write(id + "\n")
        return 0
    }
}
