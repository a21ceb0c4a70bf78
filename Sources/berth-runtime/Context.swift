import BerthCore
import BerthLinux
import BerthOCI
import BerthRuntime
import Glibc

/// What every verb gets: the runtime configured from the global flags.
struct Context {
    var runtime: Runtime
    var log: RuntimeLog

    func printJSON<T: Encodable>(_ value: T, pretty: Bool = true) throws {
        var bytes = try JSONCoding.encode(value, pretty: pretty)
        bytes.append(0x0A)
        try FileIO.writeAll(fd: 1, bytes, what: "stdout")
    }

    func print(_ text: String) {
        try? FileIO.writeAll(fd: 1, Array((text + "\n").utf8), what: "stdout")
    }
}

protocol Verb {
    static var name: String { get }
    static var usage: String { get }
    static var flags: [FlagSpec] { get }
    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32
}
