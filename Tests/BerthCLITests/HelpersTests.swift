import Testing
import BerthCore
@testable import BerthCLI

/// go-units, truncation, ports, filters and JSON indentation as docker prints them.
struct HelpersTests {
    @Test(arguments: [
        (0.5 as Double, "Less than a second"), (1, "1 second"), (59, "59 seconds"), (60, "About a minute"), (119, "About a minute"),
        (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"), (5399, "About an hour"), (5400, "2 hours"),
        (47 * 3600, "47 hours"), (48 * 3600, "2 days"), (14 * 86400, "2 weeks"), (60 * 86400, "2 months"),
        (730 * 86400, "2 years"),
    ] as [(Double, String)])
    func humanDuration(_ seconds: Double, _ expected: String) {
        #expect(HumanUnits.duration(seconds: seconds) == expected)
    }

    @Test func humanSizes() {
        #expect(HumanUnits.size(4261550) == "4.26MB")
        #expect(HumanUnits.size(13256) == "13.3kB")
        #expect(HumanUnits.size(13256, precision: 4) == "13.26kB")
        #expect(HumanUnits.size(0) == "0B")
        #expect(HumanUnits.size(999999) == "1e+03kB")
        #expect(HumanUnits.size(187654321) == "188MB")
        #expect(HumanUnits.bytes(8_348_520_448) == "7.775GiB")
    }

    @Test func truncation() {
        #expect(TextTruncation.id("sha256:aaaabbbbccccdddd") == "aaaabbbbcccc")
        #expect(TextTruncation.ellipsis("/docker-entrypoint.sh nginx", 20) == "/docker-entrypoint.…")
        #expect(TextTruncation.ellipsis("sh", 20) == "sh")
    }

    @Test func portsDisplay() throws {
        let ports = try JSONValue.parse(Array(#"""
            [{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
             {"PrivatePort":443,"Type":"tcp"},{"PrivatePort":444,"Type":"tcp"},{"IP":"0.0.0.0","PrivatePort":53,"PublicPort":53,"Type":"udp"}]
            """#.utf8)).array ?? []
        #expect(PortDisplay.displayable(ports) == "0.0.0.0:53->53/udp, 443-444/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp")
    }

    @Test func filters() throws {
        let f = try FilterOptions(parsing: ["status=exited", "label=a=b", "label=c"])
        #expect(f.json == #"{"label":{"a=b":true,"c":true},"status":{"exited":true}}"#)
        #expect(throws: CLIError.self) { try FilterOptions(parsing: ["nope"]) }
    }

    @Test func jsonIndentKeepsOrder() {
        let out = JSONIndenter.indent(Array(#"[{"Id":"x","B":[1,2],"E":{},"L":[],"S":"a,\"b\":{"}]"#.utf8))
        #expect(out == """
            [
                {
                    "Id": "x",
                    "B": [
                        1,
                        2
                    ],
                    "E": {},
                    "L": [],
                    "S": "a,\\"b\\":{"
                }
            ]
            """)
    }

    @Test func urlQueryEncodesLikeGo() {
        var q = URLQuery()
        q.add("filters", #"{"label":{"a b":true}}"#)
        q.add("all", "1")
        #expect(q.encoded == "all=1&filters=%7B%22label%22%3A%7B%22a+b%22%3Atrue%7D%7D")
    }

    @Test func durations() {
        #expect(TimeArgument.goDuration("1h30m") == 5400)
        #expect(TimeArgument.goDuration("5s") == 5)
        #expect(TimeArgument.goDuration("abc") == nil)
        #expect((try? TimeArgument.timestamp("10m", now: 1000)) == "400")
        #expect((try? TimeArgument.timestamp("1700000000.5", now: 0)) == "1700000000.5")
        #expect((try? TimeArgument.timestamp("2026-01-02T03:04:05Z", now: 0)) == "1767323045")
    }

    @Test func daemonAddresses() throws {
        #expect(try DaemonAddress(parsing: "unix:///run/x.sock") == .unix("/run/x.sock"))
        #expect(try DaemonAddress(parsing: "tcp://10.0.0.1:2376") == .tcp(host: "10.0.0.1", port: 2376))
        #expect(try DaemonAddress(parsing: "tcp://[::1]:2375") == .tcp(host: "::1", port: 2375))
    }
}
