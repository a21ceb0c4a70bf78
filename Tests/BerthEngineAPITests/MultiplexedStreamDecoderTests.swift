import BerthEngineAPI
import Testing

@Suite struct MultiplexedStreamDecoderTests {
    @Test func decodesFramesSplitAcrossReads() throws {
        // stdout "hi\n" and stderr "err\n", as captured from dockerd (engine-api-wire.md §8).
        let bytes: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 3] + Array("hi\n".utf8) + [2, 0, 0, 0, 0, 0, 0, 4] + Array("err\n".utf8)
        var decoder = MultiplexedStreamDecoder()
        var frames: [MultiplexedStreamDecoder.Frame] = []
        for byte in bytes { frames += try decoder.feed([byte]) }
        #expect(frames == [.init(stream: .stdout, payload: Array("hi\n".utf8)), .init(stream: .stderr, payload: Array("err\n".utf8))])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func rejectsAnUnknownStream() {
        var decoder = MultiplexedStreamDecoder()
        #expect(throws: MultiplexedStreamError.self) { try decoder.feed(Array("hello wo".utf8)) }
    }
}
