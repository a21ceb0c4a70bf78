import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// `berth cp`: container → host through GET /containers/{id}/archive (a tar, unpacked locally or
/// written as is for `-`), host → container through HEAD (does the destination exist, is it a
/// directory?) then PUT /containers/{id}/archive?noOverwriteDirNonDir=true&path=<dir> with a tar.
public enum ContainerCopyCommand {
    public static let spec = CommandSpec(
        path: ["container", "cp"], aliases: [["cp"]],
        usage: "container cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
        summary: "Copy files/folders between a container and the local filesystem",
        flags: [
            FlagSpec("archive", short: "a", help: "Archive mode (copy all uid/gid information)"),
            FlagSpec("follow-link", short: "L", help: "Always follow symbol link in SRC_PATH"),
            FlagSpec("quiet", short: "q", help: "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"),
        ],
        arguments: .exactly(2),
        description: "Copy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\nand extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\ncontainer source to stdout.",
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let src = CopyEndpoint(ctx.positional[0]), dst = CopyEndpoint(ctx.positional[1])
        switch (src, dst) {
        case (.container(let c, let p), .local(let l)):
            try fromContainer(ctx, c, p, to: l)
        case (.local(let l), .container(let c, let p)):
            try toContainer(ctx, l, c, p)
        case (.container, .container):
            throw CLIError.message("copying between containers is not supported", status: 1)
        case (.local, .local):
            throw CLIError.message("must specify at least one container source", status: 1)
        }
        return 0
    }

    /// The X-Docker-Container-Path-Stat header: base64 JSON with a Go FileMode.
    public static func pathStat(_ header: String?) -> JSONValue? {
        guard let header, let bytes = Base64.decode(header) else { return nil }
        return try? JSONValue.parse(bytes)
    }

    public static func isDirectory(_ stat: JSONValue?) -> Bool {
        ((stat?["mode"]?.uint64 ?? 0) & (1 << 31)) != 0
    }

    static func fromContainer(_ ctx: CommandContext, _ container: String, _ path: String, to local: String) throws {
        let client = try ctx.client()
        let r: HTTPResponse
        do {
            r = try client.request("GET", ContainerBatch.path(container, "/archive"), query: URLQuery([("path", path)]))
        } catch let e as EngineAPIError {
            throw CLIError.message(e.description, status: 1)
        }
        defer { r.close() }
        if local == "-" {
            while let chunk = try r.readChunk() { ctx.stdout.write(chunk) }
            return
        }
        let stat = pathStat(r.header("X-Docker-Container-Path-Stat"))
        let srcBase = stat?["name"]?.string ?? CopyEndpoint.base(path)
        let exists = LocalFile.mode(local) != nil
        var unpacker: TarUnpacker
        if LocalFile.isDirectory(local) {
            unpacker = TarUnpacker(destination: local, rename: nil)
        } else {
            if exists && isDirectory(stat) {
                throw CLIError.message("cannot copy directory to file", status: 1)
            }
            if local.hasSuffix("/") {
                throw CLIError.message("destination \"\(local)\" must be a directory", status: 1)
            }
            let parent = CopyEndpoint.parent(local)
            guard LocalFile.mode(parent) != nil else {
                throw CLIError.message("invalid output path: directory \"\(parent)\" does not exist", status: 1)
            }
            unpacker = TarUnpacker(destination: parent, rename: (srcBase, CopyEndpoint.base(local)))
        }
        var total = 0
        while let chunk = try r.readChunk() {
            total += chunk.count
            try unpacker.feed(chunk)
        }
        unpacker.finish()
        if !ctx.arguments.bool("quiet") && ctx.stderr.isTerminal {
            ctx.stderr.write("Successfully copied \(HumanUnits.size(Double(total))) to \(local)\n")
        }
    }

    static func toContainer(_ ctx: CommandContext, _ local: String, _ container: String, _ path: String) throws {
        let client = try ctx.client()
        var q = URLQuery()
        if ctx.arguments.bool("archive") { q.add("copyUIDGID", "true") }
        q.add("noOverwriteDirNonDir", "true")
        let body: RequestBody
        var target = path
        var tarPipe: TarPipe?
        if local == "-" {
            body = .stream(contentType: "text/plain", next: InputBody.reader(0))
        } else {
            guard let localMode = LocalFile.mode(local) else { throw CLIError.message("lstat \(local): \(LocalFile.errnoText())", status: 1) }
            let head = try client.rawRequest("HEAD", ContainerBatch.path(container, "/archive"), query: URLQuery([("path", path)]))
            head.close()
            var rootName = CopyEndpoint.base(local)
            if head.status == 200 {
                if !isDirectory(pathStat(head.header("X-Docker-Container-Path-Stat"))) {
                    if (localMode & S_IFMT) == S_IFDIR { throw CLIError.message("cannot copy directory to file", status: 1) }
                    target = CopyEndpoint.parent(path)
                    rootName = CopyEndpoint.base(path)
                }
            } else if head.status == 404 {
                if path.hasSuffix("/") {
                    throw CLIError.message("Error response from daemon: Could not find the file \(path) in container \(container)", status: 1)
                }
                target = CopyEndpoint.parent(path)
                rootName = CopyEndpoint.base(path)
            } else {
                throw CLIError.message("Error response from daemon: \(head.status) \(head.reason)", status: 1)
            }
            let pipe = try TarPipe(local, rootName: rootName, followLink: ctx.arguments.bool("follow-link"))
            tarPipe = pipe
            body = .stream(contentType: "text/plain", next: pipe.next)
        }
        q.add("path", target)
        do {
            let r = try client.request("PUT", ContainerBatch.path(container, "/archive"), query: q, body: body)
            _ = try? r.readAll()
            r.close()
        } catch let e as EngineAPIError {
            throw CLIError.message(e.description, status: 1)
        }
        let (size, failure) = tarPipe?.result ?? (0, nil)
        if let failure { throw failure }
        if local != "-" && !ctx.arguments.bool("quiet") && ctx.stderr.isTerminal {
            ctx.stderr.write("Successfully copied \(HumanUnits.size(Double(size))) to \(container):\(path)\n")
        }
    }
}
