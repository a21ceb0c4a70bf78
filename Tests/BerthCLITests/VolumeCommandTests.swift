import Glibc
import Testing
import BerthCore
@testable import BerthCLI

/// volume create, ls, inspect, rm and prune (and the volume case of `inspect`) against canned
/// daemons: the request line and body each sends, what it prints, its errors and exit statuses.
@Suite(.serialized) struct VolumeCommandTests {
    @Sendable static func ping(_: String) -> [UInt8] { TestDaemon.response(200) }
    static func reply(_ status: Int, _ body: String = "") -> @Sendable (String) -> [UInt8] {
        { _ in TestDaemon.response(status, body) }
    }

    func run(_ args: [String], stdin: String = "") throws -> (Int32, String, String) {
        let fd = RegistryLoginTests.stdin(stdin)
        defer { close(fd) }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        let status = BerthCommandLine.run(args, stdin: fd, stdout: out.stream, stderr: err.stream)
        return (status, out.text(), err.text())
    }

    static let listBody = #"""
    {"Volumes":[
     {"Name":"vol10","Driver":"local","Mountpoint":"/v/vol10","Scope":"local","Labels":null,"Options":null},
     {"Name":"abc","Driver":"local","Mountpoint":"/v/abc","Scope":"local","Labels":{"com.example.tier":"db","a":"b"},"Options":{},"UsageData":{"RefCount":2,"Size":2048}},
     {"Name":"vol2","Driver":"nfs","Mountpoint":"/v/vol2","Scope":"global","Labels":{},"Options":null}
    ],"Warnings":null}
    """#

    // MARK: create

    @Test func createSendsDriverOptionsLabelsAndNameThenPrintsTheName() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(201, #"{"Name":"data","Driver":"local"}"#),
                                         Self.ping, Self.reply(201, #"{"Name":"3f2a9c","Driver":"local"}"#)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "volume", "create", "-d", "local", "--label", "a=b", "--label", "c",
                                          "-o", "type=tmpfs", "--opt", "o=size=1m,uid=1000", "data"])
        #expect(status == 0 && err == "")
        #expect(out == "data\n")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "POST /v1.41/volumes/create HTTP/1.1")
        #expect(RegistryCommandTests.body(d.requests[1]) ==
            #"{"Driver":"local","DriverOpts":{"o":"size=1m,uid=1000","type":"tmpfs"},"Labels":{"a":"b","c":""},"Name":"data"}"#)
        #expect(RegistryCommandTests.header(d.requests[1], "Content-Type") == "application/json")

        // No name, no options: docker still sends both maps (empty) and the default driver; the
        // daemon's generated name is what gets printed.
        (status, out, err) = try run(["-H", d.host, "volume", "create"])
        #expect(status == 0 && out == "3f2a9c\n" && err == "")
        #expect(RegistryCommandTests.body(d.requests[3]) == #"{"Driver":"local","DriverOpts":{},"Labels":{},"Name":""}"#)
    }

    @Test func createNameFlagAndErrors() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(201, #"{"Name":"viaflag"}"#),
                                         Self.ping, Self.reply(500, #"{"message":"create x: error looking up volume plugin nope: plugin \"nope\" not found"}"#)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "volume", "create", "--name", "viaflag"])
        #expect(status == 0 && out == "viaflag\n")
        #expect(RegistryCommandTests.body(d.requests[1]).hasSuffix(#""Name":"viaflag"}"#))
        (status, out, err) = try run(["-H", d.host, "volume", "create", "-d", "nope", "x"])
        #expect(status == 1 && out == "")
        #expect(err == "Error response from daemon: create x: error looking up volume plugin nope: plugin \"nope\" not found\n")
        // Both --name and a positional: refused before any request, even when they agree.
        for args in [["--name", "a", "b"], ["--name", "a", "a"]] {
            (status, out, err) = try run(["-H", d.host, "volume", "create"] + args)
            #expect(status == 1 && out == "")
            #expect(err == "conflicting options: cannot specify a volume-name through both --name and as a positional arg\n")
        }
        (status, _, err) = try run(["-H", d.host, "volume", "create", "a", "b"])
        #expect(status == 1 && err.hasPrefix("berth: 'berth volume create' requires at most 1 argument\n"))
        #expect(d.requests.count == 4)
    }

    // MARK: ls

    @Test func listTableIsNaturallySortedAndQuietPrintsNames() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200, Self.listBody), Self.ping, Self.reply(200, Self.listBody),
                                         Self.ping, Self.reply(200, #"{"Volumes":[],"Warnings":null}"#)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "volume", "ls"])
        #expect(status == 0 && err == "")
        #expect(out == """
        DRIVER    VOLUME NAME
        local     abc
        nfs       vol2
        local     vol10

        """)
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "GET /v1.41/volumes HTTP/1.1")
        (status, out, _) = try run(["-H", d.host, "volume", "list", "-q"])
        #expect(status == 0 && out == "abc\nvol2\nvol10\n")
        (status, out, _) = try run(["-H", d.host, "volume", "ls"])
        #expect(status == 0 && out == "DRIVER    VOLUME NAME\n")
    }

    @Test func listSendsFiltersAndFormatsTemplatesAndJSON() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200, Self.listBody), Self.ping, Self.reply(200, Self.listBody),
                                         Self.ping, Self.reply(200, Self.listBody), Self.ping, Self.reply(200, Self.listBody)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "volume", "ls", "-f", "dangling=true", "--filter", "label=a", "-f", "Driver=local",
                                          "--format", #"{{.Name}}|{{.Labels}}|{{.Label "com.example.tier"}}|{{.Links}}|{{.Size}}|{{.Scope}}|{{.Mountpoint}}"#])
        #expect(status == 0 && err == "")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) ==
            "GET /v1.41/volumes?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%2C%22driver%22%3A%7B%22local%22%3Atrue%7D%2C%22label%22%3A%7B%22a%22%3Atrue%7D%7D HTTP/1.1")
        #expect(out == """
        abc|a=b,com.example.tier=db|db|2|2.048kB|local|/v/abc
        vol2|||N/A|N/A|global|/v/vol2
        vol10|||N/A|N/A|local|/v/vol10

        """)
        (status, out, _) = try run(["-H", d.host, "volume", "ls", "--format", "json"])
        #expect(status == 0)
        #expect(out.split(separator: "\n").first.map(String.init) ==
            #"{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"a=b,com.example.tier=db","Links":"2","Mountpoint":"/v/abc","Name":"abc","Scope":"local","Size":"2.048kB","Status":"N/A"}"#)
        #expect(out.split(separator: "\n").count == 3)
        (status, out, _) = try run(["-H", d.host, "volume", "ls", "--format", #"table {{.Name}}\t{{.Label "com.example.tier"}}\t{{.Size}}"#])
        #expect(status == 0)
        // The header context's Label gives the key's last part, lowercase, as docker prints it.
        #expect(out == """
        VOLUME NAME   tier      SIZE
        abc           db        2.048kB
        vol2                    N/A
        vol10                   N/A

        """)
        // docker 28's volume context has no CreatedAt.
        (status, out, err) = try run(["-H", d.host, "volume", "ls", "--format", "{{.CreatedAt}}"])
        #expect(status != 0 && out == "")
        #expect(err.contains("can't evaluate field CreatedAt in type *formatter.volumeContext"))
    }

    @Test func listRejectsABadFilterBeforeAnyRequest() throws {
        let d = try TestDaemon(replies: [])
        defer { d.stop() }
        let (status, out, err) = try run(["-H", d.host, "volume", "ls", "-f", "dangling"])
        #expect(status == 125 && out == "")
        #expect(err == "bad format of filter (expected name=value)\n")
        #expect(d.requests.isEmpty)
    }

    // MARK: inspect

    static let volumeJSON = #"{"Scope":"local","Name":"v1","Extra":1,"Mountpoint":"/var/lib/berth/engine/volumes/v1/_data","Labels":{"a":"b"},"Driver":"local","CreatedAt":"2026-12-07T18:00:00Z","Options":null,"Status":{}}"#
    static let volumeIndented = """
    [
        {
            "CreatedAt": "2026-12-07T18:00:00Z",
            "Driver": "local",
            "Labels": {
                "a": "b"
            },
            "Mountpoint": "/var/lib/berth/engine/volumes/v1/_data",
            "Name": "v1",
            "Options": null,
            "Scope": "local"
        }
    ]

    """

    @Test func inspectPrintsFoundVolumesInDockersOrderAndReportsMissingOnes() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200, Self.volumeJSON), Self.reply(404, #"{"message":"get nope: no such volume"}"#),
                                         Self.ping, Self.reply(200, Self.volumeJSON), Self.reply(200, Self.volumeJSON),
                                         Self.ping, Self.reply(404, #"{"message":"get nope: no such volume"}"#)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "volume", "inspect", "v1", "nope"])
        #expect(status == 1)
        #expect(out == Self.volumeIndented)
        #expect(err == "Error response from daemon: get nope: no such volume\n")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "GET /v1.41/volumes/v1 HTTP/1.1")
        #expect(RegistryCommandTests.requestLine(d.requests[2]) == "GET /v1.41/volumes/nope HTTP/1.1")
        (status, out, err) = try run(["-H", d.host, "volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{index .Labels \"a\"}}", "v1", "v1"])
        #expect(status == 0 && err == "")
        #expect(out == "v1 local b\nv1 local b\n")
        (status, out, err) = try run(["-H", d.host, "volume", "inspect", "nope"])
        #expect(status == 1 && out == "[]\n")
        #expect(err == "Error response from daemon: get nope: no such volume\n")
    }

    @Test func genericInspectFallsBackToVolumes() throws {
        let missing = Self.reply(404, #"{"message":"No such object"}"#)
        let d = try TestDaemon(replies: [Self.ping, missing, missing, missing, Self.reply(200, Self.volumeJSON),
                                         Self.ping, Self.reply(200, Self.volumeJSON)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "inspect", "v1"])
        #expect(status == 0 && err == "")
        #expect(out == Self.volumeIndented)
        #expect(d.requests[1...4].map(RegistryCommandTests.requestLine) == [
            "GET /v1.41/containers/v1/json HTTP/1.1", "GET /v1.41/images/v1/json HTTP/1.1",
            "GET /v1.41/networks/v1 HTTP/1.1", "GET /v1.41/volumes/v1 HTTP/1.1",
        ])
        (status, out, _) = try run(["-H", d.host, "inspect", "--type", "volume", "-f", "{{.Mountpoint}}", "v1"])
        #expect(status == 0 && out == "/var/lib/berth/engine/volumes/v1/_data\n")
        #expect(RegistryCommandTests.requestLine(d.requests[6]) == "GET /v1.41/volumes/v1 HTTP/1.1")
    }

    @Test func inspectKeepsUsageDataAndClusterFieldsInStructOrder() throws {
        let raw = #"{"UsageData":{"Size":10,"RefCount":1},"Status":{"z":1,"a":"x"},"Name":"n","Driver":"d","Mountpoint":"","Scope":"local","Labels":{},"Options":{"o":"v"}}"#
        let doc = String(decoding: try VolumeDocument.marshal(Array(raw.utf8)), as: UTF8.self)
        #expect(doc == #"{"Driver":"d","Labels":{},"Mountpoint":"","Name":"n","Options":{"o":"v"},"Scope":"local","Status":{"a":"x","z":1},"UsageData":{"RefCount":1,"Size":10}}"#)
    }

    // MARK: rm

    @Test func removePrintsEachRemovedNameAndCollectsErrors() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(204), Self.reply(409, #"{"message":"remove busy: volume is in use - [abc123]"}"#),
                                         Self.reply(404, #"{"message":"get gone: no such volume"}"#), Self.reply(204),
                                         Self.ping, Self.reply(204)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "volume", "rm", "a", "busy", "gone", "b"])
        #expect(status == 1)
        #expect(out == "a\nb\n")
        #expect(err == "Error response from daemon: remove busy: volume is in use - [abc123]\nError response from daemon: get gone: no such volume\n")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "DELETE /v1.41/volumes/a HTTP/1.1")
        #expect(RegistryCommandTests.requestLine(d.requests[3]) == "DELETE /v1.41/volumes/gone HTTP/1.1")
        (status, out, err) = try run(["-H", d.host, "volume", "remove", "-f", "busy"])
        #expect(status == 0 && out == "busy\n" && err == "")
        #expect(RegistryCommandTests.requestLine(d.requests[6]) == "DELETE /v1.41/volumes/busy?force=1 HTTP/1.1")
        (status, _, err) = try run(["-H", d.host, "volume", "rm"])
        #expect(status == 1 && err.hasPrefix("berth: 'berth volume rm' requires at least 1 argument\n"))
        #expect(d.requests.count == 7)
    }

    // MARK: prune

    @Test func pruneAnsweredNoSendsNothing() throws {
        let d = try TestDaemon(replies: [])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "volume", "prune"], stdin: "n\n")
        #expect(status == 0 && err == "")
        #expect(out == "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ")
        (status, out, err) = try run(["-H", d.host, "volume", "prune", "-a"], stdin: "")
        #expect(status == 0 && err == "")
        #expect(out == "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ")
        #expect(d.requests.isEmpty)
    }

    @Test func pruneConfirmedReportsDeletedVolumesAndSpace() throws {
        let d = try TestDaemon(replies: [
            Self.ping, Self.reply(200, #"{"VolumesDeleted":["a","b"],"SpaceReclaimed":2048}"#),
            Self.ping, Self.reply(200, #"{"VolumesDeleted":null,"SpaceReclaimed":99}"#),
            Self.ping, Self.reply(200, #"{"VolumesDeleted":["c"],"SpaceReclaimed":0}"#),
        ])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "volume", "prune"], stdin: "y\n")
        #expect(status == 0 && err == "")
        #expect(out == "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] Deleted Volumes:\na\nb\n\nTotal reclaimed space: 2.048kB\n")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "POST /v1.41/volumes/prune HTTP/1.1")
        // Nothing deleted: docker reports 0B whatever the daemon counted.
        (status, out, _) = try run(["-H", d.host, "volume", "prune", "-f", "--filter", "label=x"])
        #expect(status == 0 && out == "Total reclaimed space: 0B\n")
        #expect(RegistryCommandTests.requestLine(d.requests[3]) == "POST /v1.41/volumes/prune?filters=%7B%22label%22%3A%7B%22x%22%3Atrue%7D%7D HTTP/1.1")
        (status, out, _) = try run(["-H", d.host, "volume", "prune", "-a", "-f"])
        #expect(status == 0 && out == "Deleted Volumes:\nc\n\nTotal reclaimed space: 0B\n")
        #expect(RegistryCommandTests.requestLine(d.requests[5]) == "POST /v1.41/volumes/prune?filters=%7B%22all%22%3A%7B%22true%22%3Atrue%7D%7D HTTP/1.1")
    }

    @Test func pruneAllWithAnAllFilterIsRefusedBeforePrompting() throws {
        let d = try TestDaemon(replies: [])
        defer { d.stop() }
        let (status, out, err) = try run(["-H", d.host, "volume", "prune", "-a", "--filter", "all=1"], stdin: "y\n")
        #expect(status == 1 && out == "")
        #expect(err == "conflicting options: cannot specify both --all and --filter all=1\n")
        #expect(d.requests.isEmpty)
    }

    // MARK: helpers

    @Test func naturalOrderMatchesSortorder() {
        let sorted = ["vol10", "Vol1", "vol2", "vol02", "1a", "a", "vol2b", "vol", "b10c", "b9d"].sorted(by: NaturalOrder.less)
        #expect(sorted == ["1a", "Vol1", "a", "b9d", "b10c", "vol", "vol2", "vol2b", "vol02", "vol10"])
    }
}
