import BerthCore
import BerthLinux
import BerthOCI
import BerthRuntime
import Glibc

enum SpecVerb: Verb {
    static let name = "spec"
    static let usage = "[--rootless] [-b bundle]"
    static let flags: [FlagSpec] = [.bool("rootless"), .value("bundle", "b")]

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        let dir = args.string("bundle") ?? "."
        let path = dir + "/config.json"
        if FileIO.exists(path) { throw BerthError(.alreadyExists, "File \(path) exists. Remove it first") }
        let spec = DefaultSpec.make(rootless: args.bool("rootless"), uid: getuid(), gid: getgid())
        try FileIO.write(path, try JSONCoding.encode(spec, pretty: true) + [0x0A], flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o666)
        return 0
    }
}
