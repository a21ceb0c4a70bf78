import BerthCore

/// The `berth` entry point: global options, command lookup, argument parsing, running, and turning
/// every error into docker's stderr text and exit status.
public enum BerthCommandLine {
    public static let version = "0.1.0"
    public static let gitCommit = "unknown"

    /// Runs with argv (without the program name) and returns the exit status.
    public static func run(_ argv: [String], stdin: Int32 = 0, stdout: OutputStream = .stdout, stderr: OutputStream = .stderr) -> Int32 {
        do {
            return try dispatch(argv, stdin: stdin, stdout: stdout, stderr: stderr)
        } catch let e as CLIError {
            stderr.write(e.stderrText)
            return e.exitStatus
        } catch let e as EngineAPIError {
            stderr.write(e.description + "\n")
            return 1
        } catch let e as TemplateError {
            stderr.write(e.message + "\n")
            return 1
        } catch let e as BerthError {
            stderr.write(e.description + "\n")
            return 1
        } catch {
            stderr.write("\(error)\n")
            return 1
        }
    }

    static func dispatch(_ argv: [String], stdin: Int32 = 0, stdout: OutputStream, stderr: OutputStream) throws -> Int32 {
        let (globals, rest) = try GlobalOptions.parse(argv)
        if globals.showVersion {
            stdout.write("Berth version \(version), build \(gitCommit)\n")
            return 0
        }
        guard let first = rest.first, !globals.showHelp || rest.count > 0 else {
            stdout.write(HelpPrinter.topLevelHelp(CommandRegistry.all))
            return 0
        }
        if first == "help" {
            return try dispatch(Array(rest.dropFirst()) + ["--help"], stdin: stdin, stdout: stdout, stderr: stderr)
        }
        guard let (spec, used) = CommandRegistry.lookup(rest) else {
            if let summary = CommandRegistry.groups[first] {
                let sub = rest.dropFirst().first
                if sub == nil || sub == "--help" || sub == "-h" {
                    stdout.write(HelpPrinter.groupHelp(first, summary: summary, commands: CommandRegistry.all))
                    return 0
                }
                throw CLIError.unknownCommand(path: "\(CLIName.value) \(first) \(sub ?? "")", usage: "\(CLIName.value) \(first)",
                                              helpCommand: "\(CLIName.value) \(first)")
            }
            throw CLIError.unknownCommand(path: "\(CLIName.value) \(first)", usage: nil, helpCommand: CLIName.value)
        }
        let invokedAs = Array(rest.prefix(used))
        let name = "\(CLIName.value) " + invokedAs.joined(separator: " ")
        let parsed = try ArgumentParser.parse(Array(rest.dropFirst(used)), flags: spec.flags, interspersed: spec.interspersed,
                                              usage: name + spec.usageSuffix, command: name)
        if parsed.bool("help") {
            stdout.write(HelpPrinter.commandHelp(spec, invokedAs: invokedAs))
            return 0
        }
        try spec.checkArgumentCount(parsed.positional.count, invokedAs: invokedAs)
        let context = CommandContext(spec: spec, arguments: parsed, globals: globals, invokedAs: invokedAs, stdin: stdin, stdout: stdout, stderr: stderr)
        return try spec.run(context)
    }
}
