import Foundation
import Testing

/// `docker events` over berthd: container and image events, with since/until and filters.
@Suite("events with the docker CLI", .serialized,
       .enabled(if: DaemonHarness.available && DaemonHarness.docker != nil, DaemonHarness.skipReason))
struct EventStreamTests {
    @Test func containerAndImageEventsReplayWithFilters() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        #expect(try daemon.docker(["run", "--rm", "--label", "probe=1", "busybox", "true"]).status == 0)
        #expect(try daemon.docker(["run", "--rm", "busybox", "true"]).status == 0)
        #expect(try daemon.docker(["tag", "busybox", "eventful:1"]).status == 0)
        #expect(try daemon.docker(["rmi", "eventful:1"]).status == 0)
        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let containers = try daemon.docker(["events", "--since", since, "--until", until, "--filter", "label=probe=1",
                                            "--format", "{{.Type}} {{.Action}}"])
        #expect(containers.stdout == "container create\ncontainer attach\ncontainer start\ncontainer die\ncontainer destroy\n",
                "\(containers.stdout) \(containers.stderr)")
        let images = try daemon.docker(["events", "--since", since, "--until", until, "--filter", "type=image",
                                        "--format", "{{.Action}} {{.Actor.Attributes.name}}"])
        #expect(images.stdout == "tag eventful:1\nuntag eventful:1\n", "\(images.stdout) \(images.stderr)")
    }
}
