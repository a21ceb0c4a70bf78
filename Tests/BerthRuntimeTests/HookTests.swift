import BerthOCI
import Foundation
import Testing

/// A host directory the hooks write their observations to, plus the recording hook script. The
/// directory is bind-mounted at /hookout in the container so that startContainer hooks (whose path
/// resolves in the container) can report too.
final class HookLab {
    let dir: String
    static let containerDir = "/hookout"
    static let containerScript = "/hook.sh"

    /// Records, per hook kind ($1) into directory $2: the state from stdin, $0, the namespaces it
    /// runs in, the command line of the state's pid, HOOK_VAR and whether a variable of the
    /// runtime's environment leaked in; and appends the kind to `order`. $3: "delay" waits a second
    /// before recording, "sleep" outlives any timeout, a number is the exit status.
    static let script = """
        #!/bin/sh
        PATH=/usr/sbin:/usr/bin:/sbin:/bin
        kind="$1"; out="$2"
        cat > "$out/$kind.state.tmp"
        [ "$3" = delay ] && sleep 1
        pid=$(sed -n 's/.*"pid": *\\([0-9][0-9]*\\).*/\\1/p' "$out/$kind.state.tmp")
        [ -n "$pid" ] && tr '\\000' ' ' < /proc/$pid/cmdline > "$out/$kind.cmdline" 2>/dev/null
        mv "$out/$kind.state.tmp" "$out/$kind.state"
        echo "$0" > "$out/$kind.argv0"
        for ns in mnt uts pid net ipc; do readlink /proc/self/ns/$ns > "$out/$kind.$ns"; done
        echo "${HOOK_VAR-unset}" > "$out/$kind.env"
        echo "${BERTH_T_OUT-absent}" > "$out/$kind.leak"
        echo "$kind" >> "$out/order"
        case "$3" in
          ""|delay) exit 0;;
          sleep) exec sleep 30;;
          *) exit "$3";;
        esac
        """

    init() throws {
        dir = "/tmp/" + TestEnv.uniqueName("berth-hooks")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try HookLab.script.write(toFile: dir + "/hook.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/hook.sh", 0o755)
    }

    deinit { _ = try? FileManager.default.removeItem(atPath: dir) }

    /// Installs the script in the bundle's rootfs and the /hookout bind mount.
    func prepare(_ spec: inout Spec, rootfs: String) throws {
        try HookLab.script.write(toFile: rootfs + HookLab.containerScript, atomically: true, encoding: .utf8)
        chmod(rootfs + HookLab.containerScript, 0o755)
        try FileManager.default.createDirectory(atPath: rootfs + HookLab.containerDir, withIntermediateDirectories: true)
        spec.mounts = (spec.mounts ?? []) + [Mount(destination: HookLab.containerDir, type: "bind", source: dir, options: ["rbind", "rw"])]
    }

    /// A hook running the host copy of the script (runtime-namespace paths).
    func hostHook(_ kind: String, fail: String? = nil, timeout: Int? = nil) -> Hook {
        Hook(path: dir + "/hook.sh", args: ["hook.sh", kind, dir] + (fail.map { [$0] } ?? []),
             env: ["HOOK_VAR=\(kind)-env"], timeout: timeout)
    }

    /// A startContainer hook: its path resolves in the container, and it writes through /hookout.
    func containerHook(_ kind: String, fail: String? = nil) -> Hook {
        Hook(path: HookLab.containerScript, args: ["hook.sh", kind, HookLab.containerDir] + (fail.map { [$0] } ?? []),
             env: ["HOOK_VAR=\(kind)-env"])
    }

    func read(_ name: String) -> String? {
        (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var order: [String] { (read("order") ?? "").split(separator: "\n").map(String.init) }

    func state(_ kind: String) -> [String: Any]? {
        guard let text = read(kind + ".state"),
              let obj = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        return obj
    }

    func ran(_ kind: String) -> Bool { FileManager.default.fileExists(atPath: dir + "/\(kind).state") }
}

@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct HookTests {
    static let all = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]

    func ns(_ pid: Int, _ name: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/\(name)")) ?? "?"
    }

    func hostNS(_ name: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/\(name)")) ?? "?"
    }

    /// The v1 and unified cgroup directories the runtime would use for `id` by default.
    func cgroupDirs(_ id: String) -> [String] {
        let base = "/sys/fs/cgroup"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return entries.map { "\(base)/\($0)/berth/\(id)" }
    }

    func leftovers(_ rt: RuntimeCLI, _ id: String) -> [String] {
        var found: [String] = []
        if FileManager.default.fileExists(atPath: rt.root + "/" + id) { found.append(rt.root + "/" + id) }
        found += cgroupDirs(id).filter { FileManager.default.fileExists(atPath: $0) }
        if rt.state(id) != nil { found.append("state of \(id)") }
        return found
    }

    func makeBundle(_ lab: HookLab, args: [String], hooks: (inout Hooks) -> Void) throws -> TestBundle {
        let bundle = try TestBundle(args: args)
        try lab.prepare(&bundle.spec, rootfs: bundle.rootfs)
        var h = Hooks()
        hooks(&h)
        bundle.spec.hooks = h
        try bundle.write()
        return bundle
    }

    @Test func allHooksRunInOrderWithStateAndInTheRightNamespaces() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let id = TestEnv.uniqueName("hooks")
        let bundle = try makeBundle(lab, args: ["sh", "-c", "test -f /hookout/startContainer.state && echo yes > /hookout/process-saw-hook; exec sleep 1000"]) {
            $0.prestart = [lab.hostHook("prestart")]
            $0.createRuntime = [lab.hostHook("createRuntime")]
            $0.createContainer = [lab.hostHook("createContainer")]
            // Slow on purpose: poststart must still come after it (and after the exec).
            $0.startContainer = [lab.containerHook("startContainer", fail: "delay")]
            $0.poststart = [lab.hostHook("poststart")]
            $0.poststop = [lab.hostHook("poststop")]
        }
        defer { withExtendedLifetime(bundle) {} }
        bundle.spec.annotations = ["org.berth.test": "hooks"]
        try bundle.write()

        let created = try rt.create(bundle, id: id)
        try #require(created.status == 0, "create: \(created.stderr)")
        #expect(lab.order == ["prestart", "createRuntime", "createContainer"])
        let pid = try #require(rt.state(id)?["pid"] as? Int)

        let started = try rt("start", id)
        #expect(started.status == 0, "start: \(started.stderr)")
        // startContainer runs before the user process, poststart before `start` returns.
        #expect(lab.order == ["prestart", "createRuntime", "createContainer", "startContainer", "poststart"])
        for _ in 0..<200 where lab.read("process-saw-hook") == nil { usleep(20_000) }
        #expect(lab.read("process-saw-hook") == "yes", "the process ran before the startContainer hook finished")

        let containerNS = ["mnt", "uts", "pid", "net", "ipc"].map { ($0, ns(pid, $0)) }
        // Runtime-namespace hooks see the host's namespaces; container-namespace hooks the container's.
        for kind in ["prestart", "createRuntime", "poststart"] {
            for (name, value) in containerNS {
                #expect(lab.read("\(kind).\(name)") == hostNS(name), "\(kind) \(name) namespace")
                #expect(lab.read("\(kind).\(name)") != value, "\(kind) ran in the container's \(name) namespace")
            }
        }
        for kind in ["createContainer", "startContainer"] {
            for (name, value) in containerNS {
                #expect(lab.read("\(kind).\(name)") == value, "\(kind) \(name) namespace: \(lab.read("\(kind).\(name)") ?? "-") vs container \(value)")
            }
        }
        // Paths: runtime namespace for createContainer, container namespace for startContainer.
        #expect(lab.read("createContainer.argv0") == lab.dir + "/hook.sh")
        #expect(lab.read("startContainer.argv0") == HookLab.containerScript)
        // At poststart the state pid must already run the user program, not the runtime init.
        #expect(lab.read("poststart.cmdline")?.hasPrefix("sleep 1000") == true,
                "poststart ran before the user process was executed: pid \(pid) was \(lab.read("poststart.cmdline") ?? "-")")

        #expect(try rt("kill", id, "KILL").status == 0)
        #expect(rt.waitStatus(id, "stopped"))
        let deleted = try rt("delete", id)
        #expect(deleted.status == 0, "delete: \(deleted.stderr)")
        #expect(lab.order == Self.all)
        #expect(lab.read("poststop.mnt") == hostNS("mnt"))

        // State on stdin: id, bundle, pid, status, annotations.
        let expectedStatus: [String: Set<String>] = [
            "prestart": ["creating"], "createRuntime": ["creating"], "createContainer": ["creating", "created"],
            "startContainer": ["created", "running"], "poststart": ["running"], "poststop": ["stopped"],
        ]
        for kind in Self.all {
            let state = lab.state(kind)
            #expect(state != nil, "\(kind): no state JSON on stdin: \(lab.read(kind + ".state") ?? "-")")
            guard let state else { continue }
            #expect(state["ociVersion"] as? String != nil, "\(kind) ociVersion")
            #expect(state["id"] as? String == id, "\(kind) id")
            #expect(state["bundle"] as? String == bundle.dir, "\(kind) bundle")
            #expect(expectedStatus[kind]?.contains(state["status"] as? String ?? "") == true, "\(kind) status \(state["status"] ?? "nil")")
            #expect((state["annotations"] as? [String: String])?["org.berth.test"] == "hooks", "\(kind) annotations")
            if kind != "poststop" {
                #expect(state["pid"] as? Int == pid, "\(kind) pid \(state["pid"] ?? "nil") vs \(pid)")
            }
            #expect(lab.read(kind + ".env") == "\(kind)-env", "\(kind) env")
            #expect(lab.read(kind + ".leak") == "absent", "\(kind): the runtime's environment leaked into the hook")
        }
    }

    @Test func hookArgsAreArgv() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let bundle = try makeBundle(lab, args: ["true"]) {
            $0.prestart = [Hook(path: "/bin/sh", args: ["custom-argv0", "-c",
                                                        "echo \"$0|$1\" > \(lab.dir)/args; tr '\\000' '|' < /proc/$$/cmdline > \(lab.dir)/cmdline",
                                                        "one", "two words"])]
        }
        let r = try rt.run(bundle)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(lab.read("args") == "one|two words")
        #expect(lab.read("cmdline")?.hasPrefix("custom-argv0|-c|") == true, "argv: \(lab.read("cmdline") ?? "-")")
    }

    @Test func hookWithoutArgsGetsPathAsArgv0() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let script = lab.dir + "/noargs.sh"
        try "#!/bin/sh\necho \"argc=$#\" > \(lab.dir)/noargs\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let bundle = try makeBundle(lab, args: ["true"]) { $0.createRuntime = [Hook(path: script)] }
        let r = try rt.run(bundle)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(lab.read("noargs") == "argc=0")
    }

    @Test(arguments: ["prestart", "createRuntime", "createContainer"])
    func failingCreateHookFailsCreateAndLeavesNothing(kind: String) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let id = TestEnv.uniqueName("hookfail")
        let bundle = try makeBundle(lab, args: ["sh", "-c", "echo ran > /hookout/process-ran"]) {
            let hook = lab.hostHook(kind, fail: "3")
            switch kind {
            case "prestart": $0.prestart = [hook]
            case "createRuntime": $0.createRuntime = [hook]
            default: $0.createContainer = [hook]
            }
            $0.poststop = [lab.hostHook("poststop")]
        }
        defer { withExtendedLifetime(bundle) {} }
        let r = try rt.create(bundle, id: id)
        #expect(r.status != 0, "create succeeded although the \(kind) hook failed")
        #expect(r.stderr.contains(kind), "the error should name the hook: \(r.stderr)")
        #expect(lab.ran(kind))
        #expect(leftovers(rt, id).isEmpty, "left behind: \(leftovers(rt, id))")
        #expect(lab.read("process-ran") == nil)
        // A second create with the same id works: nothing half-made blocks it.
        bundle.spec.hooks = nil
        try bundle.write()
        let again = try rt.create(bundle, id: id)
        #expect(again.status == 0, "re-create: \(again.stderr)")
        _ = try rt("delete", "--force", id)
    }

    @Test func failingSecondHookStopsTheChain() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let id = TestEnv.uniqueName("hookfail")
        let bundle = try makeBundle(lab, args: ["true"]) {
            $0.createRuntime = [lab.hostHook("first"), lab.hostHook("second", fail: "1"), lab.hostHook("third")]
            $0.createContainer = [lab.hostHook("createContainer")]
        }
        defer { withExtendedLifetime(bundle) {} }
        let r = try rt.create(bundle, id: id)
        #expect(r.status != 0)
        #expect(lab.order == ["first", "second"])
        #expect(leftovers(rt, id).isEmpty, "left behind: \(leftovers(rt, id))")
    }

    @Test func hookTimeoutFailsCreate() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let id = TestEnv.uniqueName("hooktimeout")
        let bundle = try makeBundle(lab, args: ["true"]) {
            $0.createRuntime = [lab.hostHook("createRuntime", fail: "sleep", timeout: 1)]
        }
        defer { withExtendedLifetime(bundle) {} }
        let began = Date()
        let r = try rt.create(bundle, id: id)
        let took = Date().timeIntervalSince(began)
        #expect(r.status != 0, "create succeeded although the hook outlived its timeout")
        #expect(took < 15, "create took \(took)s with a 1s hook timeout")
        #expect(r.stderr.contains("createRuntime") && r.stderr.lowercased().contains("time"), "stderr: \(r.stderr)")
        #expect(leftovers(rt, id).isEmpty, "left behind: \(leftovers(rt, id))")
    }

    @Test func hookWithinTimeoutSucceeds() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let bundle = try makeBundle(lab, args: ["true"]) {
            $0.prestart = [lab.hostHook("prestart", timeout: 30)]
        }
        let r = try rt.run(bundle)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(lab.order == ["prestart"])
    }

    @Test func failingStartContainerHookKeepsTheProcessFromRunning() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let id = TestEnv.uniqueName("hookfail")
        let bundle = try makeBundle(lab, args: ["sh", "-c", "echo ran > /hookout/process-ran"]) {
            $0.startContainer = [lab.containerHook("startContainer", fail: "4")]
            $0.poststop = [lab.hostHook("poststop")]
        }
        defer { withExtendedLifetime(bundle) {} }
        let created = try rt.create(bundle, id: id)
        try #require(created.status == 0, "create: \(created.stderr)")
        // runtime.md lifecycle step 7: a failing startContainer hook is an error of `start`.
        let started = try rt("start", id)
        #expect(started.status != 0, "start succeeded although the startContainer hook failed")
        #expect(started.stderr.contains("startContainer"), "stderr: \(started.stderr)")
        #expect(rt.waitStatus(id, "stopped"), "the container should stop when its startContainer hook fails")
        usleep(200_000)
        #expect(lab.ran("startContainer"))
        #expect(lab.read("process-ran") == nil, "the user process ran although startContainer failed")
        let deleted = try rt("delete", id)
        #expect(deleted.status == 0, "delete: \(deleted.stderr)")
        #expect(lab.ran("poststop"))
        #expect(leftovers(rt, id).isEmpty)
    }

    /// runtime.md (v1.3) lifecycle step 9: "If any poststart hook fails, the runtime MUST generate an
    /// error, stop the container, and continue the lifecycle at step 12" (runc does the same).
    @Test func failingPoststartHookFailsStartAndStopsTheContainer() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let id = TestEnv.uniqueName("hookfail")
        let bundle = try makeBundle(lab, args: ["sleep", "1000"]) {
            $0.poststart = [lab.hostHook("poststart", fail: "5")]
        }
        defer { withExtendedLifetime(bundle) {} }
        let created = try rt.create(bundle, id: id)
        try #require(created.status == 0, "create: \(created.stderr)")
        let started = try rt("start", id)
        #expect(lab.ran("poststart"))
        #expect(started.status != 0, "start succeeded although the poststart hook failed")
        #expect(started.stderr.contains("poststart"), "stderr: \(started.stderr)")
        #expect(rt.waitStatus(id, "stopped", timeout: 10), "the container still runs after its poststart hook failed")
        _ = try rt("delete", "--force", id)
    }

    @Test func failingPoststopHookIsOnlyAWarning() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let id = TestEnv.uniqueName("hookfail")
        let bundle = try makeBundle(lab, args: ["true"]) {
            $0.poststop = [lab.hostHook("poststop1", fail: "6"), lab.hostHook("poststop2")]
        }
        defer { withExtendedLifetime(bundle) {} }
        let created = try rt.create(bundle, id: id)
        try #require(created.status == 0, "create: \(created.stderr)")
        #expect(try rt("start", id).status == 0)
        #expect(rt.waitStatus(id, "stopped"))
        let deleted = try rt("delete", id)
        #expect(deleted.status == 0, "delete failed because of a poststop hook: \(deleted.stderr)")
        #expect(deleted.stderr.contains("poststop"), "a warning should name the failed hook: \(deleted.stderr)")
        #expect(lab.order == ["poststop1", "poststop2"], "the remaining poststop hooks must still run")
        #expect(leftovers(rt, id).isEmpty, "left behind: \(leftovers(rt, id))")
    }

    @Test func poststopRunsOnForcedDeleteOfRunningContainer() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let id = TestEnv.uniqueName("hooks")
        let bundle = try makeBundle(lab, args: ["sleep", "1000"]) { $0.poststop = [lab.hostHook("poststop")] }
        defer { withExtendedLifetime(bundle) {} }
        try #require(try rt.create(bundle, id: id).status == 0)
        #expect(try rt("start", id).status == 0)
        #expect(try rt("delete", "--force", id).status == 0)
        #expect(lab.order == ["poststop"])
        #expect(lab.state("poststop")?["status"] as? String == "stopped")
    }

    @Test func foregroundRunRunsEveryHook() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let lab = try HookLab()
        let bundle = try makeBundle(lab, args: ["sh", "-c", "echo out"]) {
            $0.prestart = [lab.hostHook("prestart")]
            $0.createRuntime = [lab.hostHook("createRuntime")]
            $0.createContainer = [lab.hostHook("createContainer")]
            $0.startContainer = [lab.containerHook("startContainer", fail: "delay")]
            $0.poststart = [lab.hostHook("poststart")]
            $0.poststop = [lab.hostHook("poststop")]
        }
        let r = try rt.run(bundle)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "out\n")
        #expect(lab.order == Self.all)
    }
}
