import BerthShimAPI
import Foundation
import Glibc
import Testing

@Suite(.enabled(if: ShimTestEnv.privileged, ShimTestEnv.skipReason))
struct BootstrapTests {
    @Test func startPrintsAddressAndIsIdempotent() throws {
        let h = try ShimHarness(args: ["true"])
        defer { h.cleanup() }
        let first = try h.startShim()
        #expect(first.hasPrefix("unix://" + h.socketDir + "/"))
        let recorded = try String(contentsOfFile: h.bundle + "/address", encoding: .utf8)
        #expect(recorded == first)
        let pid = try #require(h.shimPid)
        #expect(Glibc.kill(pid, 0) == 0)

        let second = try h.startShim()
        #expect(second == first)
        #expect(h.shimPid == pid, "a second start must find the running shim, not start another")

        let hello = try h.client.connect()
        #expect(hello.shimPid == pid)
        #expect(hello.initPid == 0)
        #expect(hello.version.hasPrefix("berth-shim"))
    }

    @Test func longIDGetsShortSocketPath() throws {
        let id = "long-" + String(repeating: "a1b2c3d4", count: 30)
        let h = try ShimHarness(args: ["sh", "-c", "exit 3"], id: id)
        defer { h.cleanup() }
        let address = try h.startShim()
        let path = ShimAddress.socketPath(fromAddress: address)
        #expect(path.utf8.count < 108)
        #expect(path == ShimAddress.socketPath(namespace: h.namespace, id: id, socketDirectory: h.socketDir))
        try h.create()
        _ = try h.client.start()
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 3)
    }

    @Test func shimIsASubreaperInItsOwnSession() throws {
        let h = try ShimHarness(args: ["true"])
        defer { h.cleanup() }
        try h.startShim()
        let pid = try #require(h.shimPid)
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        // Fields after the comm: state ppid pgrp session...
        #expect(fields.count > 4 && fields[3] == Substring(String(pid)), "the daemon leads its own session")
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        #expect(status.contains("Threads:\t1"), "the shim is single-threaded")
    }

    @Test func shutdownExitsAndRemovesSocket() throws {
        let h = try ShimHarness(args: ["true"])
        defer { h.cleanup() }
        let address = try h.startShim()
        let pid = try #require(h.shimPid)
        try h.client.shutdown()
        for _ in 0..<200 where Glibc.kill(pid, 0) == 0 { usleep(10_000) }
        #expect(Glibc.kill(pid, 0) != 0)
        #expect(!FileManager.default.fileExists(atPath: ShimAddress.socketPath(fromAddress: address)))
    }
}
