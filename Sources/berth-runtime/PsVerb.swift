import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

enum PsVerb: Verb {
    static let name = "ps"
    static let usage = "[--format table|json] ID [ps options]"
    static let flags: [FlagSpec] = [.value("format", "f")]

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        let id = try args.requireID(name)
        let pids = try ctx.runtime.pids(id: id)
        switch args.string("format") ?? "table" {
        case "json":
            try ctx.printJSON(pids, pretty: false)
        case "table":
            let psArgs = args.positionals.count > 1 ? Array(args.positionals.dropFirst()) : ["-ef"]
            let output = try capture(["ps"] + psArgs)
            var lines = output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard !lines.isEmpty else { return 0 }
            let header = lines.removeFirst()
            let columns = header.split(separator: " ", omittingEmptySubsequences: true)
            guard let pidColumn = columns.firstIndex(of: "PID") else {
                throw BerthError(.invalidArgument, "ps output has no PID column")
            }
            ctx.print(header)
            let wanted = Set(pids)
            for line in lines {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                if fields.count > pidColumn, let pid = Int32(fields[pidColumn]), wanted.contains(pid) { ctx.print(line) }
            }
        case let other:
            throw BerthError(.invalidArgument, "invalid format option \"\(other)\"")
        }
        return 0
    }

    static func capture(_ argv: [String]) throws -> String {
        let out = try Pipes.pipe()
        let path = try Executable.lookup(argv[0], env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"])
        let pid = berth_clone(0)
        if pid < 0 { throw BerthError.sys("fork ps") }
        if pid == 0 {
            dup2(out.write, 1)
            _ = Executable.exec(path: path, args: argv, env: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"])
            _exit(127)
        }
        close(out.write)
        defer { close(out.read) }
        let bytes = try FileIO.readAll(fd: out.read, what: "ps output")
        var status: Int32 = 0
        _ = berth_wait_status(pid, 0, &status)
        guard berth_exit_code(status) == 0 else { throw BerthError(.system, "ps \(argv.dropFirst().joined(separator: " ")) failed") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
