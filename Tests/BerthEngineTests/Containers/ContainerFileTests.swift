import Foundation
import Testing

/// cp both ways, diff, export and commit through the docker CLI.
@Suite("container files with the docker CLI", .serialized,
       .enabled(if: DaemonHarness.available && DaemonHarness.docker != nil, DaemonHarness.skipReason))
struct ContainerFileTests {
    @Test func copyBothWaysDiffCommitAndExport() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["run", "-d", "--name", "files", "busybox", "sleep", "1000"]).status == 0)
        let source = daemon.base + "/host.txt"
        try "from-host\n".write(toFile: source, atomically: true, encoding: .utf8)
        let copyIn = try daemon.docker(["cp", source, "files:/tmp/in.txt"])
        #expect(copyIn.status == 0, "\(copyIn.stderr)")
        #expect(try daemon.docker(["exec", "files", "cat", "/tmp/in.txt"]).stdout == "from-host\n")

        let outDir = daemon.base + "/out"
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        #expect(try daemon.docker(["cp", "files:/etc/passwd", outDir + "/passwd"]).status == 0)
        let passwd = try String(contentsOfFile: outDir + "/passwd", encoding: .utf8)
        #expect(passwd.hasPrefix("root:x:0:0"))
        #expect(try daemon.docker(["cp", "files:/etc", outDir + "/etc"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: outDir + "/etc/group"))
        let missing = try daemon.docker(["cp", "files:/nonexistent", outDir])
        #expect(missing.status != 0)
        // Depending on the CLI's path, it stats first (HEAD, no body: it words the 404 itself) or shows the
        // daemon's message from the GET.
        #expect(missing.stderr.contains("files:/nonexistent") || missing.stderr.contains("Could not find the file /nonexistent in container files"),
                "\(missing.stderr)")

        // `-` streams a tar: out to stdout, in from stdin.
        let tarOut = try daemon.run("/bin/sh", ["-c", "\(DaemonHarness.docker ?? "docker") -H \(daemon.host) cp files:/tmp/in.txt - | tar -tf -"])
        #expect(tarOut.stdout == "in.txt\n", "\(tarOut.stderr)")
        let tarIn = try daemon.run("/bin/sh", ["-c", "cd \(daemon.base) && tar -cf - host.txt | \(DaemonHarness.docker ?? "docker") -H \(daemon.host) cp - files:/tmp"])
        #expect(tarIn.status == 0, "\(tarIn.stderr)")
        #expect(try daemon.docker(["exec", "files", "cat", "/tmp/host.txt"]).stdout == "from-host\n")

        let diff = try daemon.docker(["diff", "files"])
        #expect(diff.stdout.contains("A /tmp/in.txt"), "\(diff.stdout)")
        #expect(diff.stdout.contains("C /tmp"))

        let commit = try daemon.docker(["commit", "-m", "with file", "-c", "ENV COMMITTED=yes", "files", "committed:v1"])
        #expect(commit.status == 0, "\(commit.stderr) \(commit.stdout)")
        #expect(commit.stdout.hasPrefix("sha256:"))
        let fromCommit = try daemon.docker(["run", "--rm", "committed:v1", "sh", "-c", "cat /tmp/in.txt; echo $COMMITTED"])
        #expect(fromCommit.stdout == "from-host\nyes\n", "\(fromCommit.stderr)")

        let export = try daemon.run("/bin/sh", ["-c", "\(DaemonHarness.docker ?? "docker") -H \(daemon.host) export files | tar -tf - | grep -c '^tmp/in.txt$'"])
        #expect(export.stdout == "1\n", "\(export.stderr)")
    }
}
