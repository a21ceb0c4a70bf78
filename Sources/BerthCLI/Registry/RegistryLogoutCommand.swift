/// `berth logout [SERVER]`: removes the stored credentials for a registry (Docker Hub by default). As
/// docker does, every spelling a registry may have been saved under is removed (`host`,
/// `http://host`, `https://host` and the argument as typed), and the message is the same whether or
/// not credentials were stored.
public enum RegistryLogoutCommand {
    public static let spec = CommandSpec(
        path: ["logout"], usage: "logout [SERVER]", summary: "Log out from a registry",
        arguments: .atMost(1),
        description: "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let (shown, keys) = keysToErase(ctx.positional.first)
        var config = DockerConfigFile.load(ctx)
        ctx.stdout.write("Removing login credentials for \(shown)\n")
        // Also any other spelling the lookup would match (`https://host/v2/`), so no credentials for
        // this registry survive the logout and keep being sent.
        let target = RegistryAddress.authKey(keys.first ?? RegistryAddress.indexServer)
        let all = keys + config.authKeys.filter { !keys.contains($0) && RegistryAddress.authKey($0) == target }
        var erased = false
        for key in all where config.erase(key) { erased = true }
        if erased {
            do { try config.save() } catch let e as CLIError {
                ctx.stderr.write("WARNING: could not erase credentials:\n")
                for key in all { ctx.stderr.write("\(key): \(e.stderrText.trimmingNewline())\n") }
            }
        }
        return 0
    }

    /// The name printed and the config.json keys removed. Docker Hub in any spelling (`docker.io`,
    /// `index.docker.io`, its index URL) is its one key.
    static func keysToErase(_ argument: String?) -> (String, [String]) {
        guard let argument, !argument.isEmpty, !RegistryAddress.isDockerHub(argument) else {
            return (RegistryAddress.indexServer, [RegistryAddress.indexServer])
        }
        let host = RegistryAddress.hostname(argument)
        var keys = [argument]
        for key in [host, "http://" + host, "https://" + host] where !keys.contains(key) { keys.append(key) }
        return (host, keys)
    }
}
