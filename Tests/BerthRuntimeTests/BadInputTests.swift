import BerthOCI
import Foundation
import Glibc
import Testing

/// Bad bundles: each fails with a non-zero exit and an error naming the field at fault, and leaves
/// nothing behind: no state directory under --root, no cgroup, no mount, no process.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Text the error must contain (the field, or the file for unparsable JSON).
        var mentions: [String]
        var edit: @Sendable (TestBundle) throws -> Void
        var testDescription: String { name }
    }

    static func raw(_ edit: @escaping @Sendable (inout [String: Any]) -> Void) -> @Sendable (TestBundle) throws -> Void {
        { try $0.tcEditRawConfig(edit) }
    }

    static func linux(_ edit: @escaping @Sendable (inout [String: Any]) -> Void) -> @Sendable (TestBundle) throws -> Void {
        raw { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            edit(&linux)
            config["linux"] = linux
        }
    }

    static func process(_ edit: @escaping @Sendable (inout [String: Any]) -> Void) -> @Sendable (TestBundle) throws -> Void {
        raw { config in
            var process = config["process"] as? [String: Any] ?? [:]
            edit(&process)
            config["process"] = process
        }
    }

    /// Failures the runtime can catch while reading config.json.
    static let earlyCases: [Case] = [
        Case(name: "truncated JSON", mentions: ["config.json", "JSON"]) { bundle in
            let text = TCFiles.read(bundle.dir + "/config.json") ?? ""
            try bundle.tcWriteRawConfig(String(text.prefix(text.count / 2)))
        },
        Case(name: "empty config.json", mentions: ["config.json"]) { try $0.tcWriteRawConfig("") },
        Case(name: "args is a string", mentions: ["process.args"], edit: process { $0["args"] = "sh" }),
        Case(name: "missing root", mentions: ["root"], edit: raw { $0["root"] = nil }),
        Case(name: "missing rootfs directory", mentions: ["root.path"], edit: raw { $0["root"] = ["path": "no-such-rootfs"] }),
        Case(name: "unknown namespace type", mentions: ["linux.namespaces[0].type", "foo"], edit: linux { linux in
            var ns = linux["namespaces"] as? [[String: Any]] ?? []
            ns[0]["type"] = "foo"
            linux["namespaces"] = ns
        }),
        Case(name: "namespace type of the wrong JSON type", mentions: ["linux.namespaces[1].type"], edit: linux { linux in
            var ns = linux["namespaces"] as? [[String: Any]] ?? []
            ns[1]["type"] = 5
            linux["namespaces"] = ns
        }),
        Case(name: "unknown capability", mentions: ["process.capabilities.effective[1]", "CAP_NOT_A_CAP"], edit: process { p in
            var caps = p["capabilities"] as? [String: Any] ?? [:]
            caps["effective"] = ["CAP_KILL", "CAP_NOT_A_CAP"]
            p["capabilities"] = caps
        }),
        Case(name: "relative mount destination", mentions: ["mounts[1].destination"], edit: raw { config in
            var mounts = config["mounts"] as? [[String: Any]] ?? []
            mounts[1]["destination"] = "dev"
            config["mounts"] = mounts
        }),
        Case(name: "unknown rlimit", mentions: ["process.rlimits[0].type", "RLIMIT_BOGUS"], edit: process {
            $0["rlimits"] = [["type": "RLIMIT_BOGUS", "hard": 1, "soft": 1]]
        }),
        Case(name: "relative cwd", mentions: ["process.cwd"], edit: process { $0["cwd"] = "tmp" }),
        Case(name: "empty args", mentions: ["process.args"], edit: process { $0["args"] = [String]() }),
        Case(name: "unsupported ociVersion", mentions: ["ociVersion"], edit: raw { $0["ociVersion"] = "2.0.0" }),
        Case(name: "uid mappings without a user namespace", mentions: ["linux.uidMappings"], edit: linux {
            $0["uidMappings"] = [["containerID": 0, "hostID": 1000, "size": 1]]
            $0["gidMappings"] = [["containerID": 0, "hostID": 1000, "size": 1]]
        }),
        Case(name: "hostname without a uts namespace", mentions: ["hostname"], edit: linux { linux in
            linux["namespaces"] = (linux["namespaces"] as? [[String: Any]] ?? []).filter { $0["type"] as? String != "uts" }
        }),
        Case(name: "duplicate namespace", mentions: ["linux.namespaces[6].type"], edit: linux { linux in
            linux["namespaces"] = (linux["namespaces"] as? [[String: Any]] ?? []) + [["type": "pid"]]
        }),
        Case(name: "bad device cgroup access", mentions: ["linux.resources.devices[0].access"], edit: linux { linux in
            linux["resources"] = ["devices": [["allow": false, "access": "rwx"]]]
        }),
        Case(name: "bad rootfsPropagation", mentions: ["linux.rootfsPropagation"], edit: linux { $0["rootfsPropagation"] = "sideways" }),
    ]

    /// Failures that only show once the cgroup exists and the init was forked: the undo path must run.
    static let lateCases: [Case] = [
        Case(name: "bind mount of a missing source", mentions: ["/no/such/source"], edit: raw { config in
            config["mounts"] = (config["mounts"] as? [[String: Any]] ?? [])
                + [["destination": "/mnt/x", "type": "bind", "source": "/no/such/source", "options": ["rbind"]]]
        }),
        Case(name: "missing executable", mentions: ["/no/such/binary"], edit: process { $0["args"] = ["/no/such/binary"] }),
        Case(name: "invalid cpuset", mentions: ["linux.resources", "cpus"], edit: linux { linux in
            var r = linux["resources"] as? [String: Any] ?? [:]
            r["cpu"] = ["cpus": "4096-4097"]
            linux["resources"] = r
        }),
        Case(name: "unwritable sysctl", mentions: ["linux.sysctl", "net.no_such_key"], edit: linux { $0["sysctl"] = ["net.no_such_key": "1"] }),
    ]

    struct Leftovers {
        var mounts: Set<String>
        var processes: Set<Int32>
    }

    static func processes(mentioning text: String) -> Set<Int32> {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return Set(pids.filter { pid in TCHost.alive(pid) && TCHost.cmdline(pid).contains { $0.contains(text) } })
    }

    static func check(_ c: Case, verb: String) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["true"])
        try c.edit(bundle)
        let id = TestEnv.uniqueName("bad")
        let mountsBefore = TCHost.mountLines()

        let args = verb == "run" ? ["run", "--bundle", bundle.dir, id] : ["create", "--bundle", bundle.dir, id]
        let r = try rt.tcDetached(args, stdout: bundle.tcOutPath(id), stderr: bundle.tcErrPath(id))
        #expect(r.status != 0, "\(c.name): \(verb) succeeded")
        #expect(r.status == 1, "\(c.name): runtime errors exit 1, got \(r.status)")
        for text in c.mentions {
            #expect(r.stderr.contains(text), "\(c.name): the error does not mention \(text): \(r.stderr)")
        }
        #expect(!r.stderr.contains("Fatal error"), "\(c.name): crashed: \(r.stderr)")

        // Nothing behind: state, cgroups, mounts, processes.
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: rt.root)) ?? []
        #expect(!entries.contains(id), "\(c.name): state dir \(rt.tcStateDir(id)) left behind")
        #expect(try rt("list", "-q").stdout.isEmpty, "\(c.name): list shows a container")
        #expect(try rt("state", id).status == 1)
        for controller in ["memory", "pids", "cpu", "cpuset", "devices", "freezer", "blkio", "systemd", "unified"] {
            #expect(!TCFiles.exists(TCCgroup.dir(controller, "/berth/\(id)")), "\(c.name): \(controller) cgroup left behind")
        }
        let added = TCHost.mountLines().subtracting(mountsBefore)
        #expect(!added.contains { $0.contains(bundle.dir) || $0.contains(rt.root) || $0.contains(id) }, "\(c.name): mounts left behind: \(added)")
        // Same mount table as before, apart from the suites that mount on the host at the same time: the
        // supervisor and engine tests mount container root filesystems under their own /run/berth-*test*
        // directories. Allow a moment for anything transient, and report the lines so a foreign mount can
        // be told from a leak.
        func own(_ lines: Set<String>) -> Set<String> {
            lines.filter { line in !Self.concurrentSuiteRoots.contains { line.contains($0) } }
        }
        var now = own(TCHost.mountLines())
        let before = own(mountsBefore)
        TCHost.waitUntil(timeout: 3) {
            now = own(TCHost.mountLines())
            return now == before
        }
        #expect(now.subtracting(before).isEmpty, "\(c.name): new host mounts: \(now.subtracting(before))")
        #expect(before.subtracting(now).isEmpty, "\(c.name): host mounts gone: \(before.subtracting(now))")
        #expect(TCHost.waitUntil(timeout: 2) { Self.processes(mentioning: id).isEmpty },
                "\(c.name): processes left behind: \(Self.processes(mentioning: id))")
    }

    /// Where other suites (supervisor, engine, docker-py, the mount tests' HostTmpfs sources) mount on the host.
    static let concurrentSuiteRoots = ["/run/berth-etest/", "/run/berth-test", "/run/berth-pytest", "/run/berth/s/",
                                       "/tmp/berth-bindprop-", "/tmp/berth-prop-", "/tmp/berth-rootfs-", "/tmp/berth-tree-"]

    @Test(arguments: earlyCases)
    func createRejectsEarly(_ c: Case) throws { try Self.check(c, verb: "create") }

    @Test(arguments: lateCases)
    func createUndoesLateFailures(_ c: Case) throws { try Self.check(c, verb: "create") }

    @Test(arguments: [earlyCases[0], earlyCases[5], lateCases[0], lateCases[1]])
    func runRejectsAndUndoes(_ c: Case) throws { try Self.check(c, verb: "run") }

    @Test func aMissingBundleNamesTheConfigPath() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("nob")
        let r = try rt("create", "--bundle", "/no/such/bundle", id)
        #expect(r.status == 1)
        #expect(r.stderr.contains("/no/such/bundle/config.json"), "got: \(r.stderr)")
        #expect(!TCFiles.exists(rt.tcStateDir(id)))
    }

    @Test func invalidIdsAreRejected() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["true"])
        for id in ["../escape", "a/b", "", ".", ".."] {
            let r = try rt.tcDetached(["create", "--bundle", bundle.dir, id], stdout: bundle.dir + "/inv.out", stderr: bundle.dir + "/inv.err")
            #expect(r.status == 1, "id \"\(id)\" accepted")
            try? FileManager.default.removeItem(atPath: bundle.dir + "/inv.err")
        }
        #expect(!TCFiles.exists(URL(fileURLWithPath: rt.root).deletingLastPathComponent().path + "/escape"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: rt.root)) ?? []).isEmpty, "state entries for invalid ids")
    }
}
