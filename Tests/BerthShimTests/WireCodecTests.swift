@testable import BerthShim
import BerthShimAPI
import Testing

/// The shim reads and writes frames without the Foundation coders (memory budget); the supervisor's
/// client uses Codable. Both must agree on every message, in both directions.
struct WireCodecTests {
    private func params<P: Codable & Sendable>(_ method: ShimMethod, _ p: P) throws -> WireParams {
        let request = try WireRequest(try ShimJSON.encode(ShimRequest(id: 42, method: method, params: p)))
        #expect(request.id == 42 && request.method == method.rawValue)
        return request.params
    }

    @Test func requestsWrittenByTheClientReadBackInTheShim() throws {
        let create = CreateRequest(id: "c1", bundle: "/b", runtime: "runc", runtimeRoot: "/r", terminal: true, stdin: "/i",
                                   stdout: "/o", stderr: "/e", logPath: nil, options: CreateOptions(noPivotRoot: true))
        let decoded = try CreateRequest(wire: try params(.create, create))
        #expect(decoded.id == "c1" && decoded.runtime == "runc" && decoded.terminal && decoded.stdin == "/i" && decoded.logPath == nil)
        #expect(decoded.options?.noPivotRoot == true)

        let kill = KillRequest(execID: "e\"1", signal: 15, all: true)
        #expect(try KillRequest(wire: try params(.kill, kill)) == kill)
        let exec = ExecRequest(execID: "x", spec: #"{"args":["sh","-c","echo \"hi\"\n"]}"#, terminal: false, stdout: "/o")
        #expect(try ExecRequest(wire: try params(.exec, exec)) == exec)
        let resize = ResizePtyRequest(execID: nil, width: 100, height: 40)
        #expect(try ResizePtyRequest(wire: try params(.resizePty, resize)) == resize)
        #expect(try CloseIORequest(wire: try params(.closeIO, CloseIORequest(stdin: true))) == CloseIORequest(stdin: true))
        #expect(try UpdateRequest(wire: try params(.update, UpdateRequest(resources: "{}"))) == UpdateRequest(resources: "{}"))
        #expect(try ShutdownRequest(wire: try params(.shutdown, ShutdownRequest(now: true))).now)
        #expect(try ProcessRequest(wire: try params(.state, ProcessRequest(execID: "e"))).execID == "e")
    }

    @Test func resultsWrittenByTheShimDecodeInTheClient() throws {
        func roundTrip<R: Codable & Sendable & Equatable & WireEncodable>(_ value: R) throws {
            let frame = WireFrame.result(id: 3, value)
            let decoded = try ShimJSON.decode(ShimResponse<R>.self, from: frame)
            #expect(decoded.id == 3)
            #expect(decoded.result == value)
        }
        try roundTrip(ConnectResponse(shimPid: 10, initPid: 11, version: "berth-shim 0.1.0"))
        try roundTrip(PidResponse(pid: 77))
        try roundTrip(StateResponse(id: "c", execID: nil, pid: 5, status: .stopped, exitStatus: 137, exitedAt: "2026-01-01T00:00:00Z",
                                    terminal: false, stdin: nil, stdout: "/o\u{1}\t", stderr: "/e", bundle: "/b"))
        try roundTrip(ExitResponse(pid: 1, exitStatus: 7, exitedAt: nil))
        try roundTrip(PidsResponse(processes: [ShimProcessInfo(pid: 1), ShimProcessInfo(pid: 2, execID: "e")]))
        try roundTrip(PidsResponse(processes: []))
        try roundTrip(StatsResponse(json: #"{"type":"stats","data":{}}"#))
        try roundTrip(ShimEmpty())

        let error = try ShimJSON.decode(ShimResponseHeader.self, from: WireFrame.error(id: 9, ShimError(.notFound, "exec \"x\" not found")))
        #expect(error.id == 9 && error.error == ShimError(.notFound, "exec \"x\" not found"))

        let event = ShimEvent(topic: "exit", id: "c", execID: "e", pid: 3, exitStatus: 1, exitedAt: "t")
        #expect(try ShimJSON.decode(ShimEventFrame.self, from: WireFrame.event(event)).event == event)
    }

    @Test func malformedRequestsNameTheProblem() {
        #expect { try WireRequest(Array("[1]".utf8)) } throws: { ($0 as? ShimError)?.code == .invalidArgument }
        #expect { try WireRequest(Array(#"{"id":-1,"method":"state"}"#.utf8)) } throws: { ($0 as? ShimError)?.code == .invalidArgument }
        #expect { try KillRequest(wire: WireRequest(Array(#"{"id":1,"method":"kill","params":{"signal":"9"}}"#.utf8)).params) } throws: {
            ($0 as? ShimError)?.message.contains("params.signal") == true
        }
    }
}
