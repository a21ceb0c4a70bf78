/// `berth wait`: POST /containers/{id}/wait for each and print the exit codes.
public enum ContainerWaitCommand {
    public static let spec = CommandSpec(
        path: ["container", "wait"], aliases: [["wait"]], usage: "container wait CONTAINER [CONTAINER...]",
        summary: "Block until one or more containers stop, then print their exit codes", arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        var errors: [String] = []
        for name in ctx.positional {
            do {
                let status = try ContainerRunner.exitStatus(try ContainerRunner.wait(client, name, condition: nil))
                ctx.stdout.write("\(status)\n")
            } catch let e as EngineAPIError {
                errors.append(e.description)
            }
        }
        guard errors.isEmpty else { throw CLIError.message(errors.joined(separator: "\n"), status: 1) }
        return 0
    }
}
