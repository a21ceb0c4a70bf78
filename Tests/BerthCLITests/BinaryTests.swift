import Foundation
import Testing

/// Runs the built `berth` executable (next to the test bundle) to check exit statuses and stderr.
struct BinaryTests {
    static var binary: String? {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("berth").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    func run(_ args: [String], env: [String: String] = [:]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary ?? "/nonexistent")
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["BERTH_HOST"] = "unix:///tmp/berth-cli-test-nothing-here.sock"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: binary != nil, "the berth executable is built with --build-tests"))
    func unknownCommand() throws {
        let (status, _, err) = try run(["foo"])
        #expect(status == 1)
        #expect(err == "berth: unknown command: berth foo\n\nRun 'berth --help' for more information\n")
    }

    @Test(.enabled(if: binary != nil, "the berth executable is built with --build-tests"))
    func unknownFlag() throws {
        let (status, _, err) = try run(["ps", "--foo"])
        #expect(status == 125)
        #expect(err == "unknown flag: --foo\n\nUsage:  berth ps [OPTIONS]\n\nRun 'berth ps --help' for more information\n")
    }

    @Test(.enabled(if: binary != nil, "the berth executable is built with --build-tests"))
    func noDaemon() throws {
        let (status, _, err) = try run(["ps"])
        #expect(status == 1)
        #expect(err == "Cannot connect to the Berth daemon at unix:///tmp/berth-cli-test-nothing-here.sock. Is the berth daemon running?\n")
    }

    @Test(.enabled(if: binary != nil, "the berth executable is built with --build-tests"))
    func versionTemplateParseErrorIs64() throws {
        let (status, _, err) = try run(["version", "--format", "{{.Foo"])
        #expect(status == 64)
        #expect(err == "template parsing error: template: version:1: unclosed action\n")
        let (s2, out2, _) = try run(["version", "--format", "{{.Client.Version}} {{json .Client.Os}}"])
        #expect(s2 == 1)
        #expect(out2 == "0.1.0 \"linux\"\n")
    }

    @Test(.enabled(if: binary != nil, "the berth executable is built with --build-tests"))
    func helpAndGroups() throws {
        let (status, out, _) = try run(["ps", "--help"])
        #expect(status == 0)
        #expect(out.hasPrefix("Usage:  berth ps [OPTIONS]\n\nList containers\n\nAliases:\n  berth container ls, berth container list, berth container ps, berth ps\n"))
        let (s2, _, err2) = try run(["container", "foo"])
        #expect(s2 == 1)
        #expect(err2 == "berth: unknown command: berth container foo\n\nUsage:  berth container\n\nRun 'berth container --help' for more information\n")
    }
}
