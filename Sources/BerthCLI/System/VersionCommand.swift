#if canImport(Glibc)
import Glibc
#endif
import BerthCore

/// `berth version`: the client section, then the server's `/version` rendered through docker's own
/// version template (so `--format '{{.Server.Version}}'` and friends address the same fields).
public enum VersionCommand {
    public static let spec = CommandSpec(
        path: ["version"], usage: "version [OPTIONS]", summary: "Show the Berth version information",
        flags: [
            FlagSpec.jsonOrTemplateFormat,
        ],
        run: run)

    /// docker/cli's defaultVersionTemplate, with the component details printed in sorted order.
    static let defaultTemplate = """
        {{with .Client -}}
        Client:{{with .Platform}}{{if ne .Name ""}} {{.Name}}{{end}}{{end}}
         Version:\t{{.Version}}
         API version:\t{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
         Go version:\t{{.GoVersion}}
         Git commit:\t{{.GitCommit}}
         Built:\t{{.BuildTime}}
         OS/Arch:\t{{.Os}}/{{.Arch}}
         Context:\t{{.Context}}
        {{- end}}

        {{- if .ServerOK}}{{with .Server}}

        Server:{{with .Platform}}{{if ne .Name ""}} {{.Name}}{{end}}{{end}}
         {{- range $component := .Components}}
         {{$component.Name}}:
          {{- if eq $component.Name "Engine" }}
          Version:\t{{.Version}}
          API version:\t{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
          Go version:\t{{index .Details "GoVersion"}}
          Git commit:\t{{index .Details "GitCommit"}}
          Built:\t{{index .Details "BuildTime"}}
          OS/Arch:\t{{index .Details "Os"}}/{{index .Details "Arch"}}
          Experimental:\t{{index .Details "Experimental"}}
          {{- else }}
          Version:\t{{$component.Version}}
          {{- range $key, $value := $component.Details}}
          {{$key}}:\t{{$value}}
           {{- end}}
          {{- end}}
         {{- end}}
         {{- end}}
        {{- end}}
        """

    static func goArch() -> String {
        var u = utsname()
        uname(&u)
        let machine = withUnsafeBytes(of: &u.machine) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch machine {
        case "x86_64": return "amd64"
        case "aarch64": return "arm64"
        default: return machine
        }
    }

    static func clientInfo(_ client: EngineClient?) -> TemplateValue {
        var r = TemplateRecord(typeName: "*system.clientVersion")
        r.set("Platform", .record(TemplateRecord(typeName: "struct { Name string }", fields: [("Name", .string(""))])))
        r.set("Version", .string(BerthCommandLine.version))
        r.set("APIVersion", .string(client?.apiVersion ?? EngineClient.maxAPIVersion))
        r.set("DefaultAPIVersion", .string(EngineClient.maxAPIVersion))
        r.set("GoVersion", .string("swift6"))
        r.set("GitCommit", .string(BerthCommandLine.gitCommit))
        r.set("BuildTime", .string("n/a"))
        r.set("Os", .string("linux"))
        r.set("Arch", .string(goArch()))
        r.set("BuildkitVersion", .string(""))
        r.set("Context", .string("default"))
        return .record(r)
    }

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let format = ctx.arguments.string("format") ?? ""
        let templateText = format.isEmpty ? defaultTemplate : (format == "json" ? "{{json .}}" : format)
        let template: GoTemplate
        do {
            template = try GoTemplate(parsing: templateText, name: "version")
        } catch let e as TemplateError {
            throw CLIError.message("template parsing error: \(e.message)", status: 64)
        }
        var serverError: Error?
        var client: EngineClient?
        var server: TemplateValue = .null
        do {
            let c = try ctx.client()
            client = c
            server = TemplateValue(json: try c.json("GET", "/version"))
        } catch {
            serverError = error
        }
        var data = TemplateRecord(typeName: "system.versionInfo")
        data.set("Client", clientInfo(client))
        data.set("Server", server)
        data.method("ServerOK") { _ in .bool(serverError == nil) }
        let rendered: String
        do {
            rendered = try template.execute(.record(data))
        } catch let e as TemplateError {
            throw CLIError.message("template parsing error: \(e.message)", status: 1)
        }
        ctx.stdout.write((format.isEmpty ? TabWriter(minWidth: 20, padding: 1).format(rendered + "\n") : rendered + "\n"))
        if let serverError { throw serverError }
        return 0
    }
}
