import BerthOCI
import Foundation
import Testing

/// Which LSMs this host really has.
enum LSMHost {
    static let apparmorEnabled = FileManager.default.fileExists(atPath: "/sys/kernel/security/apparmor")
    static let selinuxEnabled = FileManager.default.fileExists(atPath: "/sys/fs/selinux/enforce")
}

/// process.apparmorProfile, process.selinuxLabel and linux.mountLabel on a host without those LSMs:
/// the runtime accepts them, warns naming the field, and the container runs normally.
@Suite(.enabled(if: TestEnv.privileged && !LSMHost.apparmorEnabled && !LSMHost.selinuxEnabled,
                "needs root and a host without AppArmor and SELinux (the labels would really apply)"))
struct LSMTests {
    static let probe = "echo running; grep '^NoNewPrivs:' /proc/self/status; cat /proc/self/attr/current 2>/dev/null; true"

    struct Case: CustomTestStringConvertible, Sendable {
        let field: String
        let value: String
        let apply: @Sendable (inout Spec, String) -> Void
        var testDescription: String { field }
    }

    static let cases: [Case] = [
        Case(field: "apparmorProfile", value: "berth-test-profile") { $0.process?.apparmorProfile = $1 },
        Case(field: "selinuxLabel", value: "system_u:system_r:container_t:s0:c1,c2") { $0.process?.selinuxLabel = $1 },
        Case(field: "mountLabel", value: "system_u:object_r:container_file_t:s0:c1,c2") { $0.linux?.mountLabel = $1 },
    ]

    @Test(arguments: cases)
    func labelIsAcceptedWithAWarningOnStderr(_ c: Case) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", Self.probe]) { c.apply(&$0, c.value) }
        let r = try rt.run(bundle)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("running\nNoNewPrivs:\t1\n"), "stdout: \(r.stdout)")
        let warning = r.stderr.split(separator: "\n").first { $0.contains(c.field) }
        #expect(warning != nil, "no warning naming \(c.field): \(r.stderr)")
        #expect(warning?.contains(c.value) == true, "the warning should show the value: \(warning ?? "")")
        #expect(warning?.lowercased().contains("warn") == true, "not marked as a warning: \(warning ?? "")")
    }

    @Test(arguments: cases)
    func warningGoesToTheLogFile(_ c: Case) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", Self.probe]) { c.apply(&$0, c.value) }
        let log = bundle.dir + "/runtime.log"
        let r = try rt.call(["--log", log, "--log-format", "json", "run", "--bundle", bundle.dir, TestEnv.uniqueName("lsm")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("running\n"))
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let entries = text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let warning = entries.first { ($0["msg"] as? String)?.contains(c.field) == true }
        #expect(warning?["level"] as? String == "warning", "log: \(text)")
        #expect(warning?["time"] as? String != nil)
    }

    @Test func allLabelsTogetherOnCreateAndStart() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("lsm")
        let bundle = try TestBundle(args: ["sh", "-c", Self.probe]) {
            for c in Self.cases { c.apply(&$0, c.value) }
        }
        defer { withExtendedLifetime(bundle) {} }
        let created = try rt.create(bundle, id: id)
        #expect(created.status == 0, "create: \(created.stderr)")
        for c in Self.cases {
            #expect(created.stderr.contains(c.field), "create did not warn about \(c.field): \(created.stderr)")
        }
        #expect(try rt("start", id).status == 0)
        #expect(rt.waitStatus(id, "stopped"))
        let out = (try? String(contentsOfFile: bundle.dir + "/out", encoding: .utf8)) ?? ""
        #expect(out.hasPrefix("running\n"), "container output: \(out)")
        _ = try rt("delete", id)
    }

    @Test func noWarningWithoutLabels() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", Self.probe]) {
            $0.process?.apparmorProfile = ""
            $0.process?.selinuxLabel = nil
        }
        let r = try rt.run(bundle)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "unexpected stderr: \(r.stderr)")
    }

    @Test func execWithLabelsIsAcceptedWithAWarning() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("lsm")
        let bundle = try TestBundle(args: ["sleep", "1000"])
        defer { withExtendedLifetime(bundle) {} }
        try #require(try rt.create(bundle, id: id).status == 0)
        try #require(try rt("start", id).status == 0)

        let flags = try rt("exec", "--apparmor", "exec-profile", "--process-label", "system_u:system_r:exec_t:s0", id, "echo", "exec-ran")
        #expect(flags.status == 0, "exec: \(flags.stderr)")
        #expect(flags.stdout == "exec-ran\n")
        #expect(flags.stderr.contains("exec-profile"), "no apparmor warning from exec: \(flags.stderr)")
        #expect(flags.stderr.contains("system_u:system_r:exec_t:s0"), "no selinux warning from exec: \(flags.stderr)")

        var process = bundle.spec.process ?? Process()
        process.args = ["echo", "exec-json-ran"]
        process.apparmorProfile = "json-profile"
        let file = bundle.dir + "/process.json"
        try Data(JSONCoding.encode(process)).write(to: URL(fileURLWithPath: file))
        let json = try rt("exec", "-p", file, id)
        #expect(json.status == 0, "exec -p: \(json.stderr)")
        #expect(json.stdout == "exec-json-ran\n")
        #expect(json.stderr.contains("apparmorProfile"), "no warning naming the field: \(json.stderr)")
        _ = try rt("delete", "--force", id)
    }
}
