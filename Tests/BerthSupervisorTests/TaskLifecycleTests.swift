import BerthSupervisorAPI
import Foundation
import Glibc
import GRPCCore
import Testing

@Suite("tasks through the supervisor API", .serialized, .enabled(if: SupervisorTestEnv.privileged, SupervisorTestEnv.skipReason))
struct TaskLifecycleTests {
    @Test func exitStatusLogsAndEventsOfOneRun() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        try await harness.importBusybox()
        let id = "life"
        let ns = harness.namespace
        // Subscribe first: every event of the run must arrive, in order.
        let collector = Task { () -> [Berth_Supervisor_V1_Envelope] in
            try await harness.withClient { client in
                var request = Berth_Supervisor_V1_SubscribeRequest()
                request.filters = ["namespace==\(ns)"]
                return try await Berth_Supervisor_V1_Events.Client(wrapping: client).subscribe(request) { response in
                    var seen: [Berth_Supervisor_V1_Envelope] = []
                    for try await envelope in response.messages {
                        seen.append(envelope)
                        if envelope.topic == "/tasks/delete" { break }
                    }
                    return seen
                }
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        try await harness.createContainer(id, args: ["sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 7"])
        let log = harness.base + "/task.log"
        let pid = try await harness.startTask(id, log: log)
        #expect(pid > 0)
        #expect(try await harness.wait(id) == 7)
        let process = try await harness.get(id)
        #expect(process.status == .stopped)
        #expect(process.exitStatus == 7)
        #expect(try await harness.deleteTask(id) == 7)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("to-stdout"))
        #expect(text.contains("to-stderr"))

        let events = try await collector.value
        let topics = events.map(\.topic)
        for topic in ["/containers/create", "/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete"] {
            #expect(topics.contains(topic), "missing \(topic) in \(topics)")
        }
        let exit = events.first { $0.topic == "/tasks/exit" }
        #expect(exit?.event["container_id"] == id)
        #expect(exit?.event["exit_status"] == "7")
        // The exit is reported before the delete.
        #expect((topics.firstIndex(of: "/tasks/exit") ?? 99) < (topics.firstIndex(of: "/tasks/delete") ?? 0))
        try await harness.removeContainer(id)
        #expect(harness.mountsUnderBase.isEmpty)
    }

    @Test func execPidsPauseResumeAndKill() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        try await harness.importBusybox()
        let id = "busy"
        try await harness.createContainer(id, args: ["sleep", "600"])
        try await harness.startTask(id)
        let ns = harness.namespace
        let out = harness.base + "/exec.out"
        try await harness.withClient { client in
            let tasks = Berth_Supervisor_V1_Tasks.Client(wrapping: client)
            var exec = Berth_Supervisor_V1_ExecProcessRequest()
            exec.namespace = ns
            exec.containerID = id
            exec.execID = "e1"
            exec.stdout = out
            exec.spec = Data(#"{"args":["sh","-c","echo exec-ran; exit 5"],"cwd":"/","user":{"uid":0,"gid":0},"env":["PATH=/bin"]}"#.utf8)
            // The exec's stdout is a FIFO we read, as a client would.
            mkfifo(out, 0o600)
            let reader = Task.detached { () -> String in
                // A FIFO has no size: read until the shim closes its end.
                let data = FileHandle(forReadingAtPath: out).flatMap { try? $0.readToEnd() } ?? nil
                return String(decoding: data ?? Data(), as: UTF8.self)
            }
            _ = try await tasks.exec(exec)
            var start = Berth_Supervisor_V1_StartRequest()
            start.namespace = ns
            start.containerID = id
            start.execID = "e1"
            _ = try await tasks.start(start)
            var wait = Berth_Supervisor_V1_WaitRequest()
            wait.namespace = ns
            wait.containerID = id
            wait.execID = "e1"
            #expect(try await tasks.wait(wait).exitStatus == 5)
            #expect(await reader.value.contains("exec-ran"))

            var pids = Berth_Supervisor_V1_ListPidsRequest()
            pids.namespace = ns
            pids.containerID = id
            #expect(try await tasks.listPids(pids).processes.count >= 1)

            var pause = Berth_Supervisor_V1_PauseTaskRequest()
            pause.namespace = ns
            pause.containerID = id
            _ = try await tasks.pause(pause)
            var get = Berth_Supervisor_V1_GetRequest()
            get.namespace = ns
            get.containerID = id
            #expect(try await tasks.get(get).process.status == .paused)
            var resume = Berth_Supervisor_V1_ResumeTaskRequest()
            resume.namespace = ns
            resume.containerID = id
            _ = try await tasks.resume(resume)
            #expect(try await tasks.get(get).process.status == .running)

            var metrics = Berth_Supervisor_V1_MetricsRequest()
            metrics.namespace = ns
            metrics.filters = ["id==\(id)"]
            let metric = try await tasks.metrics(metrics).metrics
            #expect(metric.count == 1)
            let stats = String(decoding: metric.first?.data ?? Data(), as: UTF8.self)
            #expect(stats.contains("pids"))
        }
        // SIGKILL: a container's init ignores SIGTERM unless it installed a handler (pid 1 rules).
        try await harness.kill(id, signal: SIGKILL)
        #expect(try await harness.wait(id) == 137)
        try await harness.removeContainer(id)
    }

    @Test(.enabled(if: SupervisorTestEnv.runc != nil, "runc is not installed (Scripts/setup-deps installs it)"))
    func runcDrivesTheSameLifecycle() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        try await harness.importBusybox()
        let runc = try #require(SupervisorTestEnv.runc)
        try await harness.createContainer("viarunc", args: ["sh", "-c", "exit 42"], runtime: runc)
        try await harness.startTask("viarunc")
        #expect(try await harness.wait("viarunc") == 42)
        #expect(try await harness.deleteTask("viarunc") == 42)
        try await harness.removeContainer("viarunc")
    }

    @Test func namespacesDoNotSeeEachOther() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        let other = SupervisorTestEnv.uniqueName("other")
        try await harness.importBusybox()
        try await harness.importBusybox(name: "busybox:other", namespace: other)
        // The same container id lives in both namespaces at once.
        try await harness.createContainer("same", args: ["sleep", "600"])
        try await harness.createContainer("same", args: ["sh", "-c", "exit 3"], image: "busybox:other", namespace: other)
        try await harness.startTask("same")
        try await harness.startTask("same", namespace: other)
        #expect(try await harness.wait("same", namespace: other) == 3)
        #expect(try await harness.get("same").status == .running)
        let ns = harness.namespace
        let (mine, theirs) = try await harness.withClient { client in
            let images = Berth_Supervisor_V1_Images.Client(wrapping: client)
            var list = Berth_Supervisor_V1_ListImagesRequest()
            list.namespace = ns
            let mine = try await images.list(list).images.map(\.name)
            list.namespace = other
            let theirs = try await images.list(list).images.map(\.name)
            return (mine, theirs)
        }
        #expect(mine == ["busybox:latest"])
        #expect(theirs == ["busybox:other"])
        try await harness.removeContainer("same")
        try await harness.removeContainer("same", namespace: other)
    }
}
