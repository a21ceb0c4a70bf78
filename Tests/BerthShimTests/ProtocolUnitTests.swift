import BerthShimAPI
import Testing

/// Pure pieces of the shim API: no root, no containers.
struct ProtocolUnitTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func socketPathIsShortForAnyID() {
        let id = String(repeating: "x", count: 1000)
        let path = ShimAddress.socketPath(namespace: "default", id: id)
        #expect(path.utf8.count < 108)
        #expect(path.hasPrefix("/run/berth/s/"))
        #expect(path != ShimAddress.socketPath(namespace: "other", id: id))
        #expect(ShimAddress.socketPath(fromAddress: "unix:///run/berth/s/abc\n") == "/run/berth/s/abc")
    }

    @Test func frameHeaderIsBigEndianLength() {
        let frame = ShimFrame.encode(Array(repeating: 7, count: 258))
        #expect(Array(frame.prefix(4)) == [0, 0, 1, 2])
        #expect(ShimFrame.length(frame, start: 0) == 258)
    }

    @Test func requestAndResponseRoundTrip() throws {
        let request = ShimRequest(id: 9, method: .kill, params: KillRequest(execID: "e1", signal: 9, all: true))
        let bytes = try ShimJSON.encode(request)
        let header = try ShimJSON.decode(ShimRequestHeader.self, from: bytes)
        #expect(header.id == 9 && header.method == "kill")
        #expect(try ShimJSON.decode(ShimRequest<KillRequest>.self, from: bytes).params == request.params)

        let error = try ShimJSON.encode(ShimResponseHeader(id: 3, error: ShimError(.notFound, "exec e1 not found")))
        let decoded = try ShimJSON.decode(ShimResponse<ExitResponse>.self, from: error)
        #expect(decoded.error?.code == .notFound && decoded.result == nil)
    }

    @Test func optionalFlagsMayBeOmitted() throws {
        let kill = try ShimJSON.decode(KillRequest.self, from: Array(#"{"signal":15}"#.utf8))
        #expect(kill.all == false && kill.execID == nil)
        let close = try ShimJSON.decode(CloseIORequest.self, from: Array("{}".utf8))
        #expect(close.stdin)
        let unknownCode = try ShimJSON.decode(ShimError.self, from: Array(#"{"code":"brandNew","message":"m"}"#.utf8))
        #expect(unknownCode.code == .internal)
    }
}
