import BerthShimAPI
import CBerthLinux
import Foundation
import Glibc
import Testing

/// Broken peers and wrong calls get errors; the shim keeps serving.
@Suite(.enabled(if: ShimTestEnv.privileged, ShimTestEnv.skipReason))
struct ProtocolErrorTests {
    /// A raw connection for sending what the client library never would.
    final class RawConnection {
        let fd: Int32
        init(_ address: String) throws {
            fd = berth_unix_connect(ShimAddress.socketPath(fromAddress: address))
            guard fd >= 0 else { throw TestFailure("connect: errno \(errno)") }
            var tv = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
        deinit { close(fd) }

        func send(_ bytes: [UInt8]) { _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }

        /// The next frame's JSON, or nil at EOF/timeout.
        func receive() -> [String: Any]? {
            var header = [UInt8](repeating: 0, count: 4)
            guard recv(fd, &header, 4, Int32(MSG_WAITALL)) == 4 else { return nil }
            let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
            var body = [UInt8](repeating: 0, count: length)
            guard length == 0 || recv(fd, &body, length, Int32(MSG_WAITALL)) == length else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }

        var isClosedByPeer: Bool {
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, 0) == 0
        }
    }

    @Test func badFramesAreRejectedAndTheShimSurvives() throws {
        let h = try ShimHarness(args: ["true"])
        defer { h.cleanup() }
        try h.startShim()

        let garbage = try RawConnection(h.address)
        garbage.send(ShimFrame.encode(Array("this is not json".utf8)))
        let answer = garbage.receive()
        #expect(answer?["id"] as? Int == 0)
        #expect((answer?["error"] as? [String: Any])?["code"] as? String == "invalidArgument")
        #expect(garbage.isClosedByPeer)

        let huge = try RawConnection(h.address)
        huge.send([0x7f, 0xff, 0xff, 0xff, 0x7b])
        #expect((huge.receive()?["error"] as? [String: Any])?["code"] as? String == "invalidArgument")
        #expect(huge.isClosedByPeer)

        let unknown = try RawConnection(h.address)
        unknown.send(ShimFrame.encode(Array(#"{"id":5,"method":"teleport","params":{}}"#.utf8)))
        let reply = unknown.receive()
        #expect(reply?["id"] as? Int == 5)
        #expect((reply?["error"] as? [String: Any])?["code"] as? String == "unimplemented")
        // Same connection keeps working, and requests may be pipelined.
        unknown.send(ShimFrame.encode(Array(#"{"id":6,"method":"connect"}"#.utf8)) + ShimFrame.encode(Array(#"{"id":7,"method":"state","params":{}}"#.utf8)))
        #expect(unknown.receive()?["id"] as? Int == 6)
        let state = unknown.receive()
        #expect(state?["id"] as? Int == 7)
        #expect((state?["error"] as? [String: Any])?["code"] as? String == "notFound")

        let badParams = try RawConnection(h.address)
        badParams.send(ShimFrame.encode(Array(#"{"id":8,"method":"kill","params":{"signal":"nine"}}"#.utf8)))
        let bad = badParams.receive()
        #expect((bad?["error"] as? [String: Any])?["code"] as? String == "invalidArgument")

        // Half a frame, then hang up.
        let partial = try RawConnection(h.address)
        partial.send([0, 0, 1, 0, 0x7b])
        _ = partial

        #expect(try h.newClient().connect().version.hasPrefix("berth-shim"))
    }

    @Test func wrongStatesAndUnknownIDs() throws {
        let h = try ShimHarness(args: ["sleep", "1000"])
        defer { h.cleanup() }
        try h.startShim()
        let c = h.client
        func code(_ body: () throws -> Void) -> ShimError.Code? {
            do { try body(); return nil } catch let e as ShimError { return e.code } catch { return .internal }
        }
        #expect(code { _ = try c.start() } == .notFound)
        #expect(code { _ = try c.pids() } == .failedPrecondition)
        #expect(code { try c.exec(ExecRequest(execID: "e", spec: "{\"args\":[\"true\"]}")) } == .failedPrecondition)
        try h.create()
        #expect(code { try h.create() } == .alreadyExists)
        #expect(code { try c.resume() } == .failedPrecondition)
        #expect(code { _ = try c.state(execID: "nope") } == .notFound)
        #expect(code { _ = try c.wait(execID: "nope") } == .notFound)
        #expect(code { try c.kill(execID: "nope", signal: 9) } == .notFound)
        #expect(code { try c.kill(signal: 0) } == .invalidArgument)
        #expect(code { try c.resizePty(width: 80, height: 24) } == .failedPrecondition, "no terminal")
        #expect(code { try c.exec(ExecRequest(execID: "../x", spec: "{\"args\":[\"true\"]}")) } == .invalidArgument)
        #expect(code { try c.exec(ExecRequest(execID: "e2", spec: "not json")) } == .invalidArgument)
        _ = try c.start()
        #expect(code { _ = try c.start() } == .failedPrecondition)
        #expect(code { _ = try c.delete() } == .failedPrecondition)
        #expect(code { try c.shutdown() } == .failedPrecondition, "a live container keeps its shim")
        try c.exec(ExecRequest(execID: "e3", spec: "{\"args\":[\"true\"]}"))
        #expect(code { try c.exec(ExecRequest(execID: "e3", spec: "{\"args\":[\"true\"]}")) } == .alreadyExists)
        #expect(try c.connect().initPid > 0, "still serving")
    }

    @Test func createFailureCarriesTheRuntimeMessage() throws {
        let h = try ShimHarness(args: ["/definitely/missing"])
        defer { h.cleanup() }
        try h.startShim()
        do {
            try h.create()
            Issue.record("create of a missing binary succeeded")
        } catch let error as ShimError {
            #expect(error.message.contains("/definitely/missing"), "runtime's message, not a generic one: \(error.message)")
        }
        #expect(try h.client.connect().initPid == 0)
    }
}
