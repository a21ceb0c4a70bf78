import BerthOCI
import Foundation
import Glibc
import Testing

/// The default /dev set, linux.devices, the /dev symlinks and /dev/pts, observed with stat,
/// readlink and real reads and writes inside the container.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct DeviceTests {
    /// (path, hex major:minor as `stat -c %t:%T` prints it)
    static let defaults: [(String, String)] = [
        ("/dev/null", "1:3"), ("/dev/zero", "1:5"), ("/dev/full", "1:7"),
        ("/dev/random", "1:8"), ("/dev/urandom", "1:9"), ("/dev/tty", "5:0"),
    ]

    static let statScript = "stat -c '%n|%F|%t:%T|%a|%u:%g' "

    static func statLines(_ text: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            if f.count == 5 { out[f[0]] = Array(f.dropFirst()) }
        }
        return out
    }

    @Test(arguments: [false, true])
    func defaultDevicesHaveTheRightNumbersAndModes(userNamespace: Bool) throws {
        let result = try Observe.run(Self.statScript + Self.defaults.map(\.0).joined(separator: " ")) { spec in
            if userNamespace { NamespaceTests.addUserNamespace(&spec) }
        }
        #expect(result.status == 0, "\(result.stderr)")
        let st = Self.statLines(result.stdout)
        for (path, numbers) in Self.defaults {
            let s = try #require(st[path], "\(path) missing: \(result.stdout)")
            #expect(s[0] == "character special file", "\(path): \(s)")
            #expect(s[1] == numbers, "\(path): \(s)")
            #expect(s[2] == "666", "\(path): \(s)")
            if !userNamespace { #expect(s[3] == "0:0", "\(path): \(s)") }
        }
    }

    @Test(arguments: [false, true])
    func defaultDevicesWork(userNamespace: Bool) throws {
        let result = try Observe.run("""
            echo discard > /dev/null && echo null ok
            echo zero $(head -c 16 /dev/zero | od -An -tx1 | tr -d ' \\n')
            echo urandom $(head -c 16 /dev/urandom | wc -c)
            echo random $(head -c 16 /dev/random | wc -c)
            echo x 2>&1 > /dev/full | sed 's/.*: //'
            """) { spec in
            if userNamespace { NamespaceTests.addUserNamespace(&spec) }
        }
        #expect(result.status == 0, "\(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        #expect(kv["null"] == "ok")
        #expect(kv["zero"] == String(repeating: "00", count: 16))
        #expect(kv["urandom"] == "16")
        #expect(kv["random"] == "16")
        #expect(result.stdout.contains("No space left on device"), "/dev/full: \(result.stdout)")
    }

    @Test func devSymlinks() throws {
        let result = try Observe.run("for l in fd stdin stdout stderr ptmx; do echo $l $(readlink /dev/$l); done; echo ptmxdev $(stat -L -c %t:%T /dev/ptmx)")
        #expect(result.status == 0, "\(result.stderr)")
        let kv = Observe.keyValues(result.stdout)
        #expect(kv["fd"] == "/proc/self/fd")
        #expect(kv["stdin"] == "/proc/self/fd/0")
        #expect(kv["stdout"] == "/proc/self/fd/1")
        #expect(kv["stderr"] == "/proc/self/fd/2")
        #expect(kv["ptmx"] == "pts/ptmx")
        #expect(kv["ptmxdev"] == "5:2", "/dev/ptmx resolves to the devpts ptmx node")
    }

    @Test func devSymlinksResolveForTheProcess() throws {
        let result = try Observe.run("echo via-dev-stdout >> /dev/stdout; ls /dev/fd/ | grep -c '^[012]$'")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "via-dev-stdout\n3\n")
    }

    @Test func devHoldsOnlyTheDefaultSet() throws {
        let result = try Observe.run("ls -A /dev | tr '\\n' ' '")
        #expect(result.status == 0, "\(result.stderr)")
        let seen = Set(result.stdout.split(separator: " ").map(String.init))
        var expected: Set<String> = ["fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin",
                                     "stdout", "tty", "urandom", "zero"]
        if FileManager.default.fileExists(atPath: "/proc/kcore") { expected.insert("core") }
        #expect(seen == expected, "extra: \(seen.subtracting(expected)) missing: \(expected.subtracting(seen))")
    }

    @Test func extraDevicesWithModeAndOwner() throws {
        let result = try Observe.run(Self.statScript + "/dev/mynull /dev/sub/dir/myzero /opt/outside-dev /dev/myblock /dev/myfifo /dev/myunbuf; echo discard > /opt/outside-dev && echo outside ok") { spec in
            spec.linux?.devices = [
                Device(type: "c", path: "/dev/mynull", major: 1, minor: 3, fileMode: 0o600, uid: 1000, gid: 1000),
                Device(type: "c", path: "/dev/sub/dir/myzero", major: 1, minor: 5, fileMode: 0o640, uid: 0, gid: 5),
                Device(type: "c", path: "/opt/outside-dev", major: 1, minor: 3, fileMode: 0o666),
                Device(type: "b", path: "/dev/myblock", major: 7, minor: 200, fileMode: 0o660),
                Device(type: "p", path: "/dev/myfifo", fileMode: 0o620),
                Device(type: "u", path: "/dev/myunbuf", major: 1, minor: 9, fileMode: 0o644),
            ]
        }
        #expect(result.status == 0, "\(result.stderr)")
        let st = Self.statLines(result.stdout)
        #expect(st["/dev/mynull"] == ["character special file", "1:3", "600", "1000:1000"])
        #expect(st["/dev/sub/dir/myzero"] == ["character special file", "1:5", "640", "0:5"])
        #expect(st["/opt/outside-dev"] == ["character special file", "1:3", "666", "0:0"], "devices may live outside /dev")
        #expect(st["/dev/myblock"] == ["block special file", "7:c8", "660", "0:0"])
        #expect(st["/dev/myfifo"]?.first == "fifo", "\(result.stdout)")
        #expect(st["/dev/myfifo"]?[2] == "620")
        #expect(st["/dev/myunbuf"] == ["character special file", "1:9", "644", "0:0"])
        #expect(result.stdout.contains("outside ok"), "a node outside /dev works")
    }

    @Test func deviceOverridingADefaultTakesItsAttributes() throws {
        let result = try Observe.run(Self.statScript + "/dev/null") { spec in
            spec.linux?.devices = [Device(type: "c", path: "/dev/null", major: 1, minor: 3, fileMode: 0o600, uid: 1000, gid: 1000)]
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.statLines(result.stdout)["/dev/null"] == ["character special file", "1:3", "600", "1000:1000"])
    }

    @Test func existingNonMatchingFileAtDevicePathIsAnError() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", "cat /opt/notadevice"]) { spec in
            spec.linux?.devices = [Device(type: "c", path: "/opt/notadevice", major: 1, minor: 3, fileMode: 0o666)]
        }
        try FileManager.default.createDirectory(atPath: bundle.rootfs + "/opt", withIntermediateDirectories: true)
        try "precious\n".write(toFile: bundle.rootfs + "/opt/notadevice", atomically: false, encoding: .utf8)
        let result = try rt.spawnRun(bundle)
        // runtime-spec: "If a file already exists at path that does not match the requested device,
        // the runtime MUST generate an error."
        #expect(result.status != 0, "stdout: \(result.stdout)")
        #expect(Observe.read(bundle.rootfs + "/opt/notadevice") == "precious\n", "the image file must not be replaced")
    }

    @Test func deviceCannotEscapeTheRootfsThroughASymlink() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let victim = NSTemporaryDirectory() + TestEnv.uniqueName("berth-devvictim")
        try FileManager.default.createDirectory(atPath: victim, withIntermediateDirectories: true)
        defer { _ = try? Observe.command(["/bin/rm", "-rf", victim]) }
        let bundle = try TestBundle(args: ["true"]) { spec in
            spec.linux?.devices = [Device(type: "c", path: "/evil/mynull", major: 1, minor: 3, fileMode: 0o666)]
        }
        try FileManager.default.createSymbolicLink(atPath: bundle.rootfs + "/evil", withDestinationPath: victim)
        _ = try rt.spawnRun(bundle)
        #expect(try FileManager.default.contentsOfDirectory(atPath: victim).isEmpty, "a device node was created on the host")
    }

    // MARK: differential

    @Test func devListingMatchesRunc() throws {
        // Names, types, numbers, modes and owners; not dates or sizes.
        let script = "cd /dev && for f in $(ls -A | sort); do stat -c '%n %F %t:%T %a %u:%g' $f; done; for l in fd stdin stdout stderr ptmx; do echo $l $(readlink $l); done"
        let (berth, runc) = try Observe.differential(script)
        #expect(berth.status == 0, "\(berth.stderr)")
        guard let runc else { return }
        #expect(runc.status == 0, "\(runc.stderr)")
        let b = berth.stdout.split(separator: "\n").map(String.init)
        let r = runc.stdout.split(separator: "\n").map(String.init)
        #expect(b == r, "berth-only: \(Set(b).subtracting(r)) runc-only: \(Set(r).subtracting(b))")
    }
}
