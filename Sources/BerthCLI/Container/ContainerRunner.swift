import BerthCore
import BerthEngineAPI

/// The container requests run/create/start/attach share: create with docker's pull-on-404, wait with
/// a condition (sent before start so no exit is missed), start, resize, and docker's run error text.
public enum ContainerRunner {
    /// POST /containers/create; on "No such image" pulls (unless --pull never) and retries once.
    public static func create(_ ctx: CommandContext, _ opts: ContainerCreateOptions) throws -> String {
        let client = try ctx.client()
        let macPerNetwork = opts.request.networkingConfig?.endpointsConfig?.values.contains { !$0.macAddress.isEmpty } ?? false
        if macPerNetwork && EngineClient.compareVersions(client.apiVersion, "1.44") < 0 {
            throw CLIError.message("\"specify mac-address per network\" requires API version 1.44, but the Berth daemon API version is \(client.apiVersion)", status: 1)
        }
        var query = URLQuery()
        if let name = opts.name { query.add("name", name) }
        if let platform = opts.platform { query.add("platform", platform) }
        let body = RequestBody.json(try EngineJSON.encode(opts.request))
        let image = opts.request.config.image
        if opts.pull == "always" {
            try pull(ctx, image, platform: opts.platform, quiet: opts.quiet)
        }
        do {
            return try createOnce(client, query, body, ctx: ctx)
        } catch let e as EngineAPIError where e.isNotFound && opts.pull == "missing" {
            guard e.message.lowercased().contains("no such image") else { throw e }
            ctx.stderr.write("Unable to find image '\(ImageReference(image).familiar)' locally\n")
            try pull(ctx, image, platform: opts.platform, quiet: opts.quiet)
            return try createOnce(client, query, body, ctx: ctx)
        }
    }

    static func createOnce(_ client: EngineClient, _ query: URLQuery, _ body: RequestBody, ctx: CommandContext) throws -> String {
        let reply = try client.json("POST", "/containers/create", query: query, body: body)
        for w in reply["Warnings"]?.array?.compactMap(\.string) ?? [] { ctx.stderr.write("WARNING: \(w)\n") }
        guard let id = reply["Id"]?.string else { throw CLIError.message("Error response from daemon: create returned no Id", status: 125) }
        return id
    }

    /// create.go's pullImage: POST /images/create?fromImage=…&tag=… with the registry's stored
    /// credentials, progress to stderr (stdout carries only the container ID), none with -q. A stream
    /// error is the bare message, as jsonmessage reports it.
    public static func pull(_ ctx: CommandContext, _ image: String, platform: String?, quiet: Bool = false) throws {
        let ref = ImageReference(image)
        let auth = RegistryAuthHeader.value(forImage: ref.repository, in: DockerConfigFile.load(ctx))
        let r = try ImagePullCommand.request(ctx, ref, platform: platform, auth: auth)
        defer { r.close() }
        var renderer = JSONMessageRenderer(out: ctx.stderr)
        renderer.quiet = quiet
        do { try renderer.renderStream(r) } catch let e as JSONMessageRenderer.StreamError {
            throw CLIError.message(e.message, status: 1)
        }
    }

    /// POST /containers/{id}/wait?condition=…; returns once the daemon sent the headers, so the
    /// condition is armed before start. Read the status with `exitStatus(_:)`.
    public static func wait(_ client: EngineClient, _ id: String, condition: String?) throws -> HTTPResponse {
        var q = URLQuery()
        if let condition { q.add("condition", condition) }
        return try client.request("POST", "/containers/\(URLQuery.escapePath(id))/wait", query: q)
    }

    /// The wait body's StatusCode; a daemon-side wait error becomes an error.
    public static func exitStatus(_ response: HTTPResponse) throws -> Int32 {
        defer { response.close() }
        let bytes = try response.readAll()
        guard let json = try? JSONValue.parse(bytes) else {
            throw CLIError.message("Error waiting for container: unexpected EOF", status: 125)
        }
        if let message = json["Error"]?["Message"]?.string, !message.isEmpty {
            throw CLIError.message("Error waiting for container: \(message)", status: 125)
        }
        return Int32(truncatingIfNeeded: json["StatusCode"]?.int64 ?? 0)
    }

    public static func start(_ client: EngineClient, _ id: String) throws {
        let r = try client.request("POST", "/containers/\(URLQuery.escapePath(id))/start")
        r.close()
    }

    /// POST /containers/{id}/resize (or /exec/{id}/resize) with the local terminal size.
    public static func resize(_ client: EngineClient, path: String) {
        guard let size = TerminalState.size() else { return }
        let q = URLQuery([("h", String(size.height)), ("w", String(size.width))])
        if let r = try? client.request("POST", path, query: q) { _ = try? r.readAll(); r.close() }
    }

    /// cli/command/container toStatusError: the start error's text decides 127 (not found), 126
    /// (cannot execute) or 125, printed as `berth: <error>` plus the help hint.
    public static func statusError(_ error: Error, command: String) -> CLIError {
        let text = describe(error)
        var status: Int32 = 125
        if text.contains("executable file not found") || text.contains("no such file or directory")
            || text.contains("system cannot find the file specified") {
            status = 127
        } else if text.contains("permission denied") || text.contains("is a directory") {
            status = 126
        }
        return .message("\(CLIName.value): \(text)\n\nRun '\(CLIName.value) \(command) --help' for more information", status: status)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let e as EngineAPIError: return e.description
        case let e as CLIError: return e.stderrText.hasSuffix("\n") ? String(e.stderrText.dropLast()) : e.stderrText
        case let e as BerthError: return e.description
        default: return "\(error)"
        }
    }
}
