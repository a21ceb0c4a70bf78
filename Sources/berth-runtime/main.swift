import BerthCore
import BerthLinux
import BerthRuntime
import Glibc

/// berth-runtime: a runc-compatible OCI runtime. Synchronous and single-threaded by design (it
/// forks), with no Foundation, NIO or Dispatch.
let verbs: [any Verb.Type] = [
    CreateVerb.self, StartVerb.self, StateVerb.self, KillVerb.self, DeleteVerb.self, RunVerb.self, ExecVerb.self,
    PsVerb.self, ListVerb.self, PauseVerb.self, ResumeVerb.self, UpdateVerb.self, EventsVerb.self, SpecVerb.self,
    FeaturesVerb.self,
]

let globalFlags: [FlagSpec] = [
    .value("root"), .value("log"), .value("log-format"), .bool("debug"), .bool("systemd-cgroup"),
    .value("criu"), .bool("no-subreaper"), .value("rootless"), .bool("help", "h"), .bool("version", "v"),
]

@MainActor func usage() -> String {
    "usage: berth-runtime [--root DIR] [--log FILE] [--log-format text|json] [--debug] [--systemd-cgroup] COMMAND [ARGS]\n\ncommands:\n"
        + verbs.map { "   \($0.name.padding(12))\($0.usage)" }.joined(separator: "\n") + "\n"
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}

func fail(_ message: String, log: RuntimeLog?) -> Never {
    if let log, log.hasFile { log.error(message) }
    try? FileIO.writeAll(fd: 2, Array("berth-runtime: \(message)\n".utf8), what: "stderr")
    exit(1)
}

let argv = Array(CommandLine.arguments.dropFirst())
var log: RuntimeLog?
do {
    let global = try ArgParser.parse(argv, globalFlags)
    if global.bool("version") {
        print("berth-runtime version 0.1.0\nspec: \(BerthRuntimeInfo.specVersion)")
        exit(0)
    }
    guard let verbName = global.positionals.first, !global.bool("help") else {
        try? FileIO.writeAll(fd: global.bool("help") ? 1 : 2, Array(usage().utf8), what: "stdout")
        exit(global.bool("help") ? 0 : 1)
    }
    let format = RuntimeLog.Format(rawValue: global.string("log-format") ?? "text") ?? .text
    let theLog = RuntimeLog(path: global.string("log"), format: format, debug: global.bool("debug"))
    log = theLog
    guard let verb = verbs.first(where: { $0.name == verbName }) else {
        fail("command \"\(verbName)\" does not exist", log: theLog)
    }
    let options = RuntimeOptions(root: global.string("root") ?? "/run/berth-runtime",
                                 systemdCgroup: global.bool("systemd-cgroup"), debug: global.bool("debug"))
    let verbArgs = try ArgParser.parse(Array(global.positionals.dropFirst()), verb.flags + [.bool("help", "h")])
    if verbArgs.bool("help") {
        print("usage: berth-runtime \(verb.name) \(verb.usage)")
        exit(0)
    }
    let ctx = Context(runtime: Runtime(options: options, log: theLog), log: theLog)
    exit(try verb.run(ctx, verbArgs))
} catch {
    fail("\(error)", log: log ?? RuntimeLog(path: nil, format: .text, debug: false))
}
