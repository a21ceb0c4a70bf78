import Testing
@testable import BerthCLI

/// pflag-style parsing as the docker CLI does it.
struct ArgumentParserTests {
    static let runFlags: [FlagSpec] = [
        FlagSpec("interactive", short: "i", help: ""), FlagSpec("tty", short: "t", help: ""), FlagSpec("detach", short: "d", help: ""),
        FlagSpec("env", short: "e", .list, help: ""), FlagSpec("name", .string, help: ""), FlagSpec("publish", short: "p", .list, help: ""),
        FlagSpec("last", short: "n", .int, help: ""),
    ]

    func parse(_ args: [String], interspersed: Bool = true) throws -> ParsedArguments {
        try ArgumentParser.parse(args, flags: Self.runFlags, interspersed: interspersed, usage: "berth run [OPTIONS] IMAGE", command: "berth run")
    }

    @Test func combinedShortFlags() throws {
        let p = try parse(["-itd", "busybox"])
        #expect(p.bool("interactive") && p.bool("tty") && p.bool("detach"))
        #expect(p.positional == ["busybox"])
    }

    @Test func valuesInEveryStyle() throws {
        let p = try parse(["-e", "A=1", "-eB=2", "--env=C=3", "--env", "D", "--name=x", "-n3", "-p", "80:80", "img"])
        #expect(p.list("env") == ["A=1", "B=2", "C=3", "D"])
        #expect(p.string("name") == "x")
        #expect(p.int("last") == 3)
        #expect(p.list("publish") == ["80:80"])
    }

    @Test func runStopsAtFirstPositional() throws {
        let p = try parse(["-d", "busybox", "ls", "-l", "--name", "y"], interspersed: false)
        #expect(p.positional == ["busybox", "ls", "-l", "--name", "y"])
        #expect(p.string("name") == nil)
    }

    @Test func interspersedFlagsAfterPositionals() throws {
        let p = try parse(["a", "-d", "b", "--", "-e"])
        #expect(p.positional == ["a", "b", "-e"])
        #expect(p.bool("detach"))
    }

    @Test func boolWithExplicitValue() throws {
        #expect(try parse(["--detach=false"]).bool("detach") == false)
        #expect(try parse(["--detach=true"]).bool("detach") == true)
    }

    @Test func errorsMatchDocker() {
        func message(_ args: [String]) -> String {
            do { _ = try parse(args); return "" } catch let e as CLIError { return e.stderrText } catch { return "\(error)" }
        }
        #expect(message(["--foo"]) == "unknown flag: --foo\n\nUsage:  berth run [OPTIONS] IMAGE\n\nRun 'berth run --help' for more information\n")
        #expect(message(["-x"]).hasPrefix("unknown shorthand flag: 'x' in -x\n"))
        #expect(message(["-n"]).hasPrefix("flag needs an argument: 'n' in -n\n"))
        #expect(message(["--name"]).hasPrefix("flag needs an argument: --name\n"))
        #expect(message(["-n", "x"]).hasPrefix("invalid argument \"x\" for \"-n, --last\" flag"))
        #expect(CLIError.flag("x", usage: "u", command: "c").exitStatus == 125)
    }

    @Test func commandLookupUsesAliases() throws {
        #expect(CommandRegistry.lookup(["ps", "-a"])?.0.path == ["container", "ls"])
        #expect(CommandRegistry.lookup(["container", "list"])?.0.path == ["container", "ls"])
        #expect(CommandRegistry.lookup(["images"])?.0.path == ["image", "ls"])
        #expect(CommandRegistry.lookup(["info"])?.0.path == ["system", "info"])
        #expect(CommandRegistry.lookup(["nope"]) == nil)
    }

    @Test func globalOptionsStopAtCommand() throws {
        let (g, rest) = try GlobalOptions.parse(["-H", "unix:///x.sock", "--debug", "ps", "-a"])
        #expect(g.host == "unix:///x.sock")
        #expect(g.debug)
        #expect(rest == ["ps", "-a"])
    }

    @Test func argumentCountMessages() {
        do {
            try InspectCommand.spec.checkArgumentCount(0, invokedAs: ["inspect"])
            Issue.record("expected an error")
        } catch let e as CLIError {
            #expect(e.stderrText == "berth: 'berth inspect' requires at least 1 argument\n\nUsage:  berth inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nSee 'berth inspect --help' for more information\n")
            #expect(e.exitStatus == 1)
        } catch { Issue.record("\(error)") }
    }
}
