/// What a running command gets: its parsed arguments, the global options, output streams and a
/// lazily connected engine client (commands that never talk to the daemon never connect).
public final class CommandContext {
    public let spec: CommandSpec
    public let arguments: ParsedArguments
    public let globals: GlobalOptions
    /// The words the user typed for the command (`["ps"]` or `["container", "ls"]`), for messages.
    public let invokedAs: [String]
    public let stdout: OutputStream
    public let stderr: OutputStream
    /// The descriptor commands read typed or piped input from (login's prompts, --password-stdin).
    public let stdin: Int32
    private var cachedClient: EngineClient?

    public init(spec: CommandSpec, arguments: ParsedArguments, globals: GlobalOptions, invokedAs: [String],
                stdin: Int32 = 0, stdout: OutputStream = .stdout, stderr: OutputStream = .stderr) {
        self.spec = spec
        self.arguments = arguments
        self.globals = globals
        self.invokedAs = invokedAs
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    public var positional: [String] { arguments.positional }

    /// The engine client, negotiated on first use (HEAD /_ping, as the docker CLI does).
    public func client() throws -> EngineClient {
        if let cachedClient { return cachedClient }
        let c = try EngineClient(host: globals.resolvedHost)
        try c.negotiate()
        cachedClient = c
        return c
    }

    /// `berth ps` / `berth container ls` as typed, for messages.
    public var commandName: String { "\(CLIName.value) " + invokedAs.joined(separator: " ") }
}
