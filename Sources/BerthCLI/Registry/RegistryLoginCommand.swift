import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// `berth login [SERVER]`: checks credentials through the daemon (POST /auth with
/// `{"username","password","serveraddress"}`) and, once the daemon accepts them, stores them in
/// config.json (an identity token from the daemon replaces the password). Stored credentials are
/// tried first when neither -u nor -p is given. Docker Hub is `https://index.docker.io/v1/`; other
/// registries are keyed by `host[:port]`. docker 28's web (device-code) login for Docker Hub needs
/// Docker's own login service, so berth always asks for a username and password instead.
public enum RegistryLoginCommand {
    public static let spec = CommandSpec(
        path: ["login"], usage: "login [OPTIONS] [SERVER]",
        summary: "Authenticate to a registry",
        flags: [
            FlagSpec("password", short: "p", .string, help: "Password"),
            FlagSpec("password-stdin", help: "Take the password from stdin"),
            FlagSpec("username", short: "u", .string, help: "Username"),
        ],
        arguments: .atMost(1),
        description: "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
        run: run)

    static let registerSuggest = "Log in with your Docker ID or email address to push and pull images from Docker Hub. "
        + "If you don't have a Docker ID, head over to https://hub.docker.com/ to create one."
    static let patSuggest = "You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT "
        + "grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/"

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let user = a.string("username") ?? ""
        var password = a.string("password") ?? ""
        // verifyLoginOptions
        if !password.isEmpty {
            ctx.stderr.write("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
            if a.bool("password-stdin") { throw CLIError.message("--password and --password-stdin are mutually exclusive", status: 1) }
        }
        if a.bool("password-stdin") {
            if user.isEmpty { throw CLIError.message("Must provide --username with --password-stdin", status: 1) }
            password = CredentialPrompt.readAll(fd: ctx.stdin)
        }
        let server = serverAddress(ctx.positional.first)
        var config = DockerConfigFile.load(ctx)

        // Stored credentials first (GetDefaultAuthConfig): only when nothing was given on the command line.
        if user.isEmpty && password.isEmpty {
            let stored = config.credentials(for: server)
            if !stored.username.isEmpty && !stored.password.isEmpty {
                let attempt = RegistryAuthConfig(username: stored.username, password: stored.password, serverAddress: server,
                                                 registryToken: stored.registryToken)
                ctx.stdout.write("Authenticating with existing credentials... [Username: \(stored.username)]\n"
                                 + "To login with a different account, run '\(CLIName.value) logout' followed by '\(CLIName.value) login'\n\n")
                do {
                    return try authenticateAndStore(ctx, &config, attempt)
                } catch let e as EngineAPIError {
                    ctx.stderr.write(e.statusCode == 401 ? "Stored credentials invalid or expired\n" : "Login did not succeed, error: \(e.description)\n")
                }
            }
            return try loginUser(ctx, &config, user: user, password: password, defaultUsername: stored.username, server: server)
        }
        return try loginUser(ctx, &config, user: user, password: password, defaultUsername: "", server: server)
    }

    /// The key credentials are stored under: Docker Hub (also for `docker.io` and the other Hub
    /// spellings) is `https://index.docker.io/v1/`, anything else is its `host[:port]`.
    static func serverAddress(_ argument: String?) -> String {
        guard let argument, !argument.isEmpty else { return RegistryAddress.indexServer }
        return RegistryAddress.authKey(argument)
    }

    /// loginUser + loginWithUsernameAndPassword: ask for what is missing (only on a terminal), check
    /// with the daemon, store.
    static func loginUser(_ ctx: CommandContext, _ config: inout DockerConfigFile, user: String, password: String,
                          defaultUsername: String, server: String) throws -> Int32 {
        if (user.isEmpty || password.isEmpty) && isatty(ctx.stdin) != 1 {
            throw CLIError.message("Error: Cannot perform an interactive login from a non TTY device", status: 1)
        }
        var user = user.trimmingWhitespace()
        var password = password.trimmingWhitespace()
        if user.isEmpty {
            if server == RegistryAddress.indexServer {
                ctx.stdout.write(registerSuggest + "\n")
                if GlobalOptions.environment("DOCKER_CLI_HINTS").map({ ParsedArguments.parseBool($0) ?? true }) ?? true {
                    ctx.stdout.write(patSuggest + "\n\n")
                }
            }
            let defaultName = defaultUsername.trimmingWhitespace()
            user = CredentialPrompt.readLine(ctx.stdout, defaultName.isEmpty ? "Username: " : "Username (\(defaultName)): ", fd: ctx.stdin)
            if user.isEmpty { user = defaultName }
            if user.isEmpty { throw CLIError.message("Error: Non-null Username Required", status: 1) }
        }
        if password.isEmpty {
            if server == RegistryAddress.indexServer {
                ctx.stderr.write(InfoNote.text("A Personal Access Token (PAT) can be used instead.\nTo create a PAT, visit https://app.docker.com/settings\n\n"))
            }
            password = CredentialPrompt.readSecret(ctx.stdout, "Password: ", fd: ctx.stdin)
            ctx.stdout.write("\n")
            if password.isEmpty { throw CLIError.message("Error: Password Required", status: 1) }
        }
        return try authenticateAndStore(ctx, &config, RegistryAuthConfig(username: user, password: password, serverAddress: server))
    }

    /// Checks `auth` with the daemon, stores it (an identity token the daemon returns replaces the
    /// password), and prints the daemon's status line.
    static func authenticateAndStore(_ ctx: CommandContext, _ config: inout DockerConfigFile, _ auth: RegistryAuthConfig) throws -> Int32 {
        var auth = auth
        let reply = try authenticate(ctx, auth)
        if !reply.identityToken.isEmpty {
            auth.password = ""
            auth.identityToken = reply.identityToken
        }
        try store(ctx, &config, auth)
        if !reply.status.isEmpty { ctx.stdout.write(reply.status + "\n") }
        return 0
    }

    /// POST /auth; a refusal (401) comes back as the daemon's error.
    static func authenticate(_ ctx: CommandContext, _ auth: RegistryAuthConfig) throws -> (status: String, identityToken: String) {
        let reply = try ctx.client().json("POST", "/auth", body: .json(Array((auth.json + "\n").utf8)))
        return (reply["Status"]?.string ?? "", reply["IdentityToken"]?.string ?? "")
    }

    /// storeCredentials: writes only when something changed, warning (once) that a password now sits
    /// in the file unencrypted.
    static func store(_ ctx: CommandContext, _ config: inout DockerConfigFile, _ auth: RegistryAuthConfig) throws {
        guard config.store(auth) else { return }
        try config.save()
        if !auth.password.isEmpty {
            ctx.stderr.write("\nWARNING! Your credentials are stored unencrypted in '\(config.path)'.\n"
                             + "Configure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n")
        }
    }
}
