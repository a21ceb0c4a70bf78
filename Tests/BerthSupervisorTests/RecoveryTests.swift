import BerthSupervisorAPI
import Foundation
import Glibc
import GRPCCore
import SwiftProtobuf
import Testing

/// Each test kills something for real (SIGKILL) and checks what survives and what is cleaned up.
@Suite("crash recovery", .serialized, .enabled(if: SupervisorTestEnv.privileged, SupervisorTestEnv.skipReason))
struct RecoveryTests {
    // Bounded: once, on a machine loaded by parallel builds, "short" exited during the restart and this test
    // waited for its exit for good (a suspected recovery race: state read before the exit subscription). A
    // hang must fail this test, not eat CI's time.
    @Test(.timeLimit(.minutes(2)))
    func supervisorKilledWhileTasksRunReconnectsAndReportsMissedExits() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        try await harness.importBusybox()
        try await harness.createContainer("long1", args: ["sleep", "600"])
        try await harness.createContainer("long2", args: ["sleep", "600"])
        try await harness.createContainer("short", args: ["sh", "-c", "sleep 1; exit 9"])
        let pid1 = try await harness.startTask("long1")
        try await harness.startTask("long2")
        try await harness.startTask("short")
        let beforeKill = Date()

        harness.kill9()
        // "short" exits while no supervisor runs; its shim records the status.
        try await Task.sleep(for: .milliseconds(2500))
        #expect(Glibc.kill(Int32(pid1), 0) == 0, "a task must outlive its supervisor")
        try harness.start()

        #expect(try await harness.get("long1").status == .running)
        #expect(try await harness.get("long1").pid == pid1)
        #expect(try await harness.get("long2").status == .running)
        let short = try await harness.get("short")
        #expect(short.status == .stopped)
        #expect(short.exitStatus == 9)
        #expect(try await harness.wait("short") == 9)

        // The exit that happened while the supervisor was down is delivered as an event.
        let ns = harness.namespace
        let exit = try await harness.withClient { client in
            var request = Berth_Supervisor_V1_SubscribeRequest()
            request.filters = ["topic==\"/tasks/exit\",namespace==\(ns)"]
            request.since = Google_Protobuf_Timestamp(date: beforeKill)
            return try await Berth_Supervisor_V1_Events.Client(wrapping: client).subscribe(request) { response -> Berth_Supervisor_V1_Envelope? in
                for try await envelope in response.messages where envelope.event["container_id"] == "short" {
                    return envelope
                }
                return nil
            }
        }
        #expect(exit?.event["exit_status"] == "9")

        // Still fully controllable after the restart, and nothing leaks once everything is removed.
        try await harness.kill("long1", signal: SIGKILL)
        #expect(try await harness.wait("long1") == 137)
        for id in ["long1", "long2", "short"] { try await harness.removeContainer(id) }
        #expect(harness.mountsUnderBase.isEmpty)
        let sockets = (try? FileManager.default.contentsOfDirectory(atPath: harness.state + "/s")) ?? []
        #expect(sockets.isEmpty, "shim sockets left: \(sockets)")
        let bundles = (try? FileManager.default.contentsOfDirectory(atPath: "\(harness.state)/shims/\(ns)")) ?? []
        #expect(bundles.isEmpty, "bundles left: \(bundles)")
        for controller in ["memory", "pids", "cpu"] {
            let path = "/sys/fs/cgroup/\(controller)/berth-test/\(ns)/long1"
            #expect(!FileManager.default.fileExists(atPath: path), "cgroup left: \(path)")
        }
    }

    @Test func shimKilledReportsTheTaskExitedAndCleansUp() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        try await harness.importBusybox()
        try await harness.createContainer("victim", args: ["sleep", "600"])
        let initPid = try await harness.startTask("victim")
        let shim = try #require(harness.shimPid("victim"))
        Glibc.kill(shim, SIGKILL)

        // Wait learns of the death; the container itself is removed by `runtime delete --force`.
        let status = try await harness.wait("victim")
        #expect(status == 137)
        #expect(try await harness.get("victim").status == .stopped)
        var gone = false
        for _ in 0..<100 where !gone {
            gone = Glibc.kill(Int32(initPid), 0) != 0
            if !gone { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(gone, "the container's init must not outlive a dead shim's cleanup")
        // `runtime delete --force` removes its state after the init is dead: allow it to finish.
        let runtimeState = "\(harness.runtimeRoot)/\(harness.namespace)/victim"
        for _ in 0..<100 where FileManager.default.fileExists(atPath: runtimeState) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!FileManager.default.fileExists(atPath: runtimeState))
        #expect(try await harness.deleteTask("victim") == 137)
        try await harness.removeContainer("victim")
        #expect(harness.mountsUnderBase.isEmpty)
    }

    @Test func supervisorKilledDuringImportLeavesAConsistentStore() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        // A rootfs with a large incompressible file, so the import is still working when killed.
        let big = harness.base + "/bigroot"
        try FileManager.default.createDirectory(atPath: big, withIntermediateDirectories: true)
        _ = try Shell.run("/bin/sh", ["-c", "cp -a \(SupervisorTestEnv.rootfs)/. \(big)/ && head -c 200000000 /dev/urandom > \(big)/blob"])
        let tarball = harness.base + "/big.tar"
        _ = try Shell.run("/bin/tar", ["-C", big, "-cf", tarball, "."])
        let data = try Data(contentsOf: URL(fileURLWithPath: tarball))
        let ns = harness.namespace
        let socket = harness.socket

        func importBig() async throws -> String {
            try await harness.withClient { client in
                let request = StreamingClientRequest<Berth_Supervisor_V1_ImportChunk> { writer in
                    var offset = 0
                    repeat {
                        var chunk = Berth_Supervisor_V1_ImportChunk()
                        if offset == 0 {
                            chunk.namespace = ns
                            chunk.format = .rootfs
                            chunk.name = "big:latest"
                        }
                        let end = min(offset + (1 << 20), data.count)
                        chunk.data = data.subdata(in: offset..<end)
                        try await writer.write(chunk)
                        offset = end
                    } while offset < data.count
                }
                return try await Berth_Supervisor_V1_Images.Client(wrapping: client).importArchive(request: request) { try $0.message.images.first?.name ?? "" }
            }
        }

        let attempt = Task { try await importBig() }
        // Kill once the supervisor is writing the layer into an ingest.
        let ingest = harness.root + "/content/ingest"
        var sawIngest = false
        for _ in 0..<6000 where !sawIngest {
            sawIngest = !((try? FileManager.default.contentsOfDirectory(atPath: ingest)) ?? []).isEmpty
            if !sawIngest { try await Task.sleep(for: .milliseconds(10)) }
        }
        harness.kill9()
        _ = try? await attempt.value
        #expect(sawIngest, "the import never reached the content store before the kill")
        _ = socket

        try harness.start()
        // No blob is visible unless it is complete: every blob's name is its content's digest.
        let blobs = harness.root + "/content/blobs/sha256"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: blobs)) ?? [] {
            let sum = try Shell.run("/usr/bin/sha256sum", [blobs + "/" + name]).stdout.split(separator: " ").first.map(String.init)
            #expect(sum == name, "blob \(name) does not match its digest")
        }
        let names = try await harness.withClient { client in
            var list = Berth_Supervisor_V1_ListImagesRequest()
            list.namespace = ns
            return try await Berth_Supervisor_V1_Images.Client(wrapping: client).list(list).images.map(\.name)
        }
        #expect(!names.contains("big:latest"), "a half-imported image must not be registered")
        // The scratch spool of the killed import is gone.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: harness.root + "/tmp")) ?? []).isEmpty)

        // The retry succeeds and the image runs.
        #expect(try await importBig() == "big:latest")
        try await harness.createContainer("big", args: ["sh", "-c", "test -s /blob"], image: "big:latest")
        try await harness.startTask("big")
        #expect(try await harness.wait("big") == 0)
        try await harness.removeContainer("big")
    }
}
