import Foundation
import Testing

/// Bad requests get a 4xx with a message naming the problem; berthd stays up and creates nothing.
@Suite("container API bad input", .serialized, .enabled(if: DaemonHarness.available, DaemonHarness.skipReason))
struct ContainerBadInputTests {
    @Test func malformedBodiesUnknownObjectsAndImpossibleTransitions() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let garbage = try daemon.api("POST", "/containers/create", body: "{not json")
        #expect(garbage.status == 400)
        #expect(garbage.body.contains("invalid JSON"))
        let wrongType = try daemon.api("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"Memory":"lots"}}"#)
        #expect(wrongType.status == 400)
        #expect(wrongType.body.contains("HostConfig.Memory"))
        let unknownField = try daemon.api("POST", "/containers/create?name=extra", body: #"{"Image":"busybox","Cmd":["true"],"NoSuchField":1}"#)
        #expect(unknownField.status == 201, "unknown fields are ignored as dockerd does: \(unknownField.body)")
        let badName = try daemon.api("POST", "/containers/create?name=bad%20name", body: #"{"Image":"busybox","Cmd":["true"]}"#)
        #expect(badName.status == 400)
        #expect(badName.body.contains("Invalid container name (bad name)"))
        let badImage = try daemon.api("POST", "/containers/create", body: #"{"Image":"UPPER/Case","Cmd":["true"]}"#)
        #expect((400...404).contains(badImage.status), "\(badImage)")
        let noImage = try daemon.api("POST", "/containers/create", body: #"{"Image":"nosuch:1","Cmd":["true"]}"#)
        #expect(noImage.status == 404)
        #expect(noImage.body.contains("No such image"))
        let badRestart = try daemon.api("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"AutoRemove":true,"RestartPolicy":{"Name":"always"}}}"#)
        #expect(badRestart.status == 400)

        let missing = try daemon.api("POST", "/containers/nosuch/start")
        #expect(missing.status == 404)
        #expect(missing.body.contains("No such container: nosuch"))
        let killStopped = try daemon.api("POST", "/containers/extra/kill")
        #expect(killStopped.status == 409)
        let pauseStopped = try daemon.api("POST", "/containers/extra/pause")
        #expect(pauseStopped.status == 409)
        let badSignal = try daemon.api("POST", "/containers/create?name=sig", body: #"{"Image":"busybox","Cmd":["sleep","100"]}"#)
        #expect(badSignal.status == 201)
        #expect(try daemon.api("POST", "/containers/sig/start").status == 204)
        #expect(try daemon.api("POST", "/containers/sig/start").status == 304)
        let nonsense = try daemon.api("POST", "/containers/sig/kill?signal=NOPE")
        #expect(nonsense.status == 400)
        #expect(nonsense.body.contains("Invalid signal: NOPE"))
        let badCondition = try daemon.api("POST", "/containers/sig/wait?condition=sometime")
        #expect(badCondition.status == 400)
        let badKeys = try daemon.api("POST", "/containers/sig/attach?stream=1&stdout=1&detachKeys=ctrl-xx")
        #expect(badKeys.status == 400)

        // Only the two containers that were meant to be created exist.
        let list = try daemon.api("GET", "/containers/json?all=1")
        #expect(list.body.components(separatedBy: "\"Id\"").count - 1 == 2, "\(list.body)")
        #expect(try daemon.api("GET", "/_ping").body == "OK")
    }

    @Test func hostileArchiveUploadIsRefusedAndStaysInside() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.api("POST", "/containers/create?name=target", body: #"{"Image":"busybox","Cmd":["sleep","100"]}"#).status == 201)
        #expect(try daemon.api("POST", "/containers/target/start").status == 204)
        // A tar whose entry climbs out of the extraction directory with ../
        let sentinel = daemon.base + "/escaped.txt"
        let staging = daemon.base + "/staging/a"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try "evil".write(toFile: daemon.base + "/staging/evil.txt", atomically: true, encoding: .utf8)
        let tar = daemon.base + "/hostile.tar"
        let made = try daemon.run("/bin/tar", ["-C", staging, "-cf", tar, "--transform", "s,^,../../../../../../../../..\(daemon.base)/escaped-,",
                                               "-P", "../evil.txt"])
        #expect(made.status == 0, "\(made.stderr)")
        let put = try daemon.api("PUT", "/containers/target/archive?path=/tmp", file: tar)
        #expect((400...499).contains(put.status), "\(put)")
        #expect(!FileManager.default.fileExists(atPath: sentinel))
        #expect(!FileManager.default.fileExists(atPath: daemon.base + "/escaped-../evil.txt"))
        let garbage = daemon.base + "/garbage.tar"
        try Data("this is not a tar archive at all".utf8).write(to: URL(fileURLWithPath: garbage))
        let bad = try daemon.api("PUT", "/containers/target/archive?path=/tmp", file: garbage)
        #expect((400...499).contains(bad.status), "\(bad)")
        let notDir = try daemon.api("PUT", "/containers/target/archive?path=/etc/passwd", file: garbage)
        #expect((400...499).contains(notDir.status))
        #expect(try daemon.api("GET", "/_ping").body == "OK")
    }
}
