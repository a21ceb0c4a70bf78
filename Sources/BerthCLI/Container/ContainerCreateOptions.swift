import BerthEngineAPI

/// `docker create`/`docker run` flags turned into the create request, as cli/command/container/opts.go
/// does (parse + parseNetworkOpts). Pure: no I/O except reading --env-file/--label-file, so the whole
/// mapping is unit-tested.
public struct ContainerCreateOptions {
    public var request: ContainerCreateRequest
    public var name: String?
    public var platform: String?
    /// "always", "missing" or "never".
    public var pull: String
    /// -q: no pull progress.
    public var quiet: Bool
    public var cidfile: String?
    public var detach: Bool
    public var autoRemove: Bool
    /// `-a` streams as given (empty: the defaults from -i).
    public var attach: [String]

    public init(_ a: ParsedArguments, detach: Bool = false, usage: String, command: String) throws {
        func flagError(_ flag: String, _ value: String, _ why: String) -> CLIError {
            .flag("invalid argument \"\(value)\" for \"\(flag)\" flag: \(why)", usage: usage, command: command)
        }
        pull = a.string("pull") ?? "missing"
        // validatePullOpt runs before anything else is parsed.
        guard ["always", "missing", "never", ""].contains(pull) else {
            throw CLIError.message("invalid pull option: '\(pull)': must be one of \"always\", \"missing\" or \"never\"", status: 125)
        }
        quiet = a.bool("quiet")
        guard let image = a.positional.first else { throw CLIError.message("image name is required", status: 125) }
        let args = Array(a.positional.dropFirst())
        self.detach = detach
        name = a.string("name").flatMap { $0.isEmpty ? nil : $0 }
        platform = a.string("platform").flatMap { $0.isEmpty ? nil : $0 }
        cidfile = a.string("cidfile").flatMap { $0.isEmpty ? nil : $0 }
        autoRemove = a.bool("rm")
        attach = a.list("attach")
        for stream in attach where !["stdin", "stdout", "stderr"].contains(stream.lowercased()) {
            throw flagError("-a, --attach", stream, "valid streams are STDIN, STDOUT and STDERR")
        }

        var config = ContainerConfig()
        config.image = image
        config.hostname = a.string("hostname") ?? ""
        config.domainname = a.string("domainname") ?? ""
        config.user = a.string("user") ?? ""
        config.workingDir = a.string("workdir") ?? ""
        config.tty = a.bool("tty")
        config.openStdin = a.bool("interactive")
        let wanted = Set(attach.map { $0.lowercased() })
        config.attachStdin = wanted.contains("stdin") || config.openStdin
        config.attachStdout = attach.isEmpty || wanted.contains("stdout")
        config.attachStderr = attach.isEmpty || wanted.contains("stderr")
        if detach {
            if !attach.isEmpty { throw CLIError.message("Conflicting options: -a and -d", status: 125) }
            config.attachStdin = false
            config.attachStdout = false
            config.attachStderr = false
        }
        // When allocating stdin in attached mode, close stdin at client disconnect (opts.go).
        config.stdinOnce = config.openStdin && config.attachStdin
        config.cmd = args.isEmpty ? nil : args
        if let ep = a.values["entrypoint"]?.last {
            config.entrypoint = [ep]
        }
        var env: [String] = []
        for file in a.list("env-file") { env += try KeyValueFile.read(file, env: true) }
        env += a.list("env").map(KeyValueFile.expandEnv)
        config.env = env.isEmpty ? nil : env
        var labelLines: [String] = []
        for file in a.list("label-file") { labelLines += try KeyValueFile.read(file, env: false) }
        labelLines += a.list("label")
        var labels: [String: String] = [:]
        for l in labelLines {
            let kv = l.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            labels[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
        }
        config.labels = labels
        config.stopSignal = a.string("stop-signal") ?? ""
        if a.isSet("stop-timeout") { config.stopTimeout = a.int("stop-timeout") }
        config.healthcheck = try Self.healthcheck(a, flagError: flagError)

        var exposed: [String: EmptyObject] = [:]
        var bindings: [String: [PortBinding]?] = [:]
        for p in a.list("publish") {
            for m in try PortSpec.parsePublish(p) {
                exposed[m.port] = EmptyObject()
                var list = (bindings[m.port] ?? nil) ?? []
                list.append(m.binding)
                bindings[m.port] = list
            }
        }
        for e in a.list("expose") {
            for port in try PortSpec.parseExpose(e) { exposed[port] = EmptyObject() }
        }
        config.exposedPorts = exposed.isEmpty ? nil : exposed

        var volumes: [String: EmptyObject] = [:]
        var binds: [String] = []
        for v in a.list("volume") {
            if MountSpec.isAnonymous(v) { volumes[v] = EmptyObject() } else { binds.append(v) }
        }
        config.volumes = volumes.isEmpty ? nil : volumes

        var host = try Self.hostConfig(a, flagError: flagError)
        host.binds = binds.isEmpty ? nil : binds
        host.portBindings = bindings
        host.autoRemove = autoRemove
        host.containerIDFile = cidfile ?? ""
        let restart = try Self.restartPolicy(a.string("restart") ?? "no")
        if autoRemove && restart.name != "" && restart.name != "no" {
            throw CLIError.message("conflicting options: cannot specify both --restart and --rm", status: 125)
        }
        host.restartPolicy = restart

        let networks = try (a.list("network") + a.list("net")).map { value in
            do { return try NetworkAttachment(parsing: value) } catch let e as NetworkAttachment.Invalid {
                throw flagError("--network", value, e.message)
            }
        }
        host.networkMode = networks.first?.target ?? "default"
        request = ContainerCreateRequest(config: config, hostConfig: host,
                                         networkingConfig: NetworkingConfig(endpointsConfig: try Self.endpoints(a, networks: networks)))
    }

    /// opts.ParseRestartPolicy: `name[:max-retries]`. The policy name is checked by the daemon
    /// (`invalid restart policy 'x'`), as with docker 28.
    public static func restartPolicy(_ text: String) throws -> RestartPolicy {
        guard !text.isEmpty else { return RestartPolicy() }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1 && parts[0].isEmpty {
            throw CLIError.message("invalid restart policy format: no policy provided before colon", status: 125)
        }
        var p = RestartPolicy(name: parts[0])
        if parts.count > 1 && !parts[1].isEmpty {
            guard let n = Int(parts[1]) else {
                throw CLIError.message("invalid restart policy format: maximum retry count must be an integer", status: 125)
            }
            p.maximumRetryCount = n
        }
        return p
    }

    static func healthcheck(_ a: ParsedArguments, flagError: (String, String, String) -> CLIError) throws -> HealthConfig? {
        let names = ["health-cmd", "health-interval", "health-timeout", "health-start-period", "health-start-interval", "health-retries"]
        let any = names.contains { a.isSet($0) }
        if a.bool("no-healthcheck") {
            if any { throw CLIError.message("--no-healthcheck conflicts with --health-* options", status: 125) }
            return HealthConfig(test: ["NONE"])
        }
        guard any else { return nil }
        func nanos(_ flag: String) throws -> Int64 {
            guard let text = a.string(flag) else { return 0 }
            guard let d = TimeArgument.goDuration(text) else {
                throw flagError("--\(flag)", text, "time: invalid duration \"\(text)\"")
            }
            return Int64((d * 1e9).rounded())
        }
        var h = HealthConfig()
        if let cmd = a.string("health-cmd"), !cmd.isEmpty { h.test = ["CMD-SHELL", cmd] }
        h.interval = try nanos("health-interval")
        h.timeout = try nanos("health-timeout")
        h.startPeriod = try nanos("health-start-period")
        h.startInterval = try nanos("health-start-interval")
        h.retries = a.int("health-retries") ?? 0
        return h
    }
}
