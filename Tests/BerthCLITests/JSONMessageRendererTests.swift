import Testing
import BerthCore
@testable import BerthCLI

/// Pull/push progress streams rendered like docker's jsonmessage: plain status lines off a terminal,
/// one rewritten line per layer on one, errors end the stream.
struct JSONMessageRendererTests {
    static let pull = [
        #"{"status":"Pulling from library/busybox","id":"latest"}"#,
        #"{"status":"Pulling fs layer","progressDetail":{},"id":"a1"}"#,
        #"{"status":"Pulling fs layer","progressDetail":{},"id":"b2"}"#,
        #"{"status":"Downloading","progressDetail":{"current":1000,"total":2000},"progress":"[=>  ]","id":"a1"}"#,
        #"{"status":"Download complete","progressDetail":{},"id":"a1"}"#,
        #"{"status":"Pull complete","progressDetail":{},"id":"b2"}"#,
        #"{"status":"Digest: sha256:abc"}"#,
        #"{"status":"Status: Downloaded newer image for busybox:latest"}"#,
    ]

    func render(_ lines: [String], terminal: Bool, width: Int = 200) throws -> (String, Error?) {
        let out = try TemporaryOutput()
        var r = JSONMessageRenderer(out: out.stream, isTerminal: terminal, width: width)
        var failure: Error?
        do {
            for l in lines { try r.render(try JSONValue.parse(Array(l.utf8))) }
        } catch { failure = error }
        return (out.text(), failure)
    }

    @Test func offATerminalOnlyStatusLinesArePrinted() throws {
        let (text, error) = try render(Self.pull, terminal: false)
        #expect(error == nil)
        #expect(text == """
        latest: Pulling from library/busybox
        a1: Pulling fs layer
        b2: Pulling fs layer
        a1: Download complete
        b2: Pull complete
        Digest: sha256:abc
        Status: Downloaded newer image for busybox:latest

        """)
    }

    @Test func auxMessagesAreNotPrinted() throws {
        let out = try TemporaryOutput()
        var r = JSONMessageRenderer(out: out.stream, isTerminal: false)
        try r.render(try JSONValue.parse(Array(#"{"status":"latest: digest: sha256:d size: 527"}"#.utf8)))
        try r.render(try JSONValue.parse(Array(#"{"progressDetail":{},"aux":{"Tag":"latest","Digest":"sha256:d","Size":527}}"#.utf8)))
        #expect(out.text() == "latest: digest: sha256:d size: 527\n")
        #expect(r.aux.count == 1 && r.aux[0]["Tag"]?.string == "latest")
    }

    @Test func errorsEndTheStreamWithTheirMessage() throws {
        let (text, error) = try render([
            #"{"status":"Pulling from library/nope","id":"latest"}"#,
            #"{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}"#,
            #"{"status":"never shown"}"#,
        ], terminal: false)
        #expect(text == "latest: Pulling from library/nope\n")
        let streamError = try #require(error as? JSONMessageRenderer.StreamError)
        #expect(streamError.message == "manifest unknown")
        let (_, bare) = try render([#"{"error":"denied: requested access to the resource is denied"}"#], terminal: false)
        #expect((bare as? JSONMessageRenderer.StreamError)?.message == "denied: requested access to the resource is denied")
    }

    @Test func onATerminalEachLayerKeepsItsLine() throws {
        let (text, _) = try render(Array(Self.pull.prefix(4)), terminal: true)
        let esc = "\u{1B}"
        let bar = "[" + String(repeating: "=", count: 25) + ">" + String(repeating: " ", count: 25) + "] "
        #expect(text == "latest: Pulling from library/busybox\n"
            // a1 is new: a fresh line, up one, erase, write, down one.
            + "\n\(esc)[1A\(esc)[2K\ra1: Pulling fs layer \r\(esc)[1B"
            + "\n\(esc)[1A\(esc)[2K\rb2: Pulling fs layer \r\(esc)[1B"
            // a1 again: two lines up.
            + "\(esc)[2A\(esc)[2K\ra1: Downloading \(bar)     1kB/2kB\r\(esc)[2B")
    }

    @Test func progressLikeJSONProgressString() {
        #expect(JSONMessageRenderer.progressString(current: 0, total: 0) == "")
        #expect(JSONMessageRenderer.progressString(current: 1500, total: 0) == "   1.5kB")
        #expect(JSONMessageRenderer.progressString(current: 2_000_000, total: 4_000_000, width: 80) == "     2MB/4MB")
        #expect(JSONMessageRenderer.progressString(current: 5, total: 4, width: 80) == "      5B")
        #expect(JSONMessageRenderer.progressString(current: 10, total: 10, width: 120)
            == "[" + String(repeating: "=", count: 50) + ">] " + "     10B/10B")
        // Half done after 30 s: 30 s left.
        #expect(JSONMessageRenderer.progressString(current: 50, total: 100, start: 1000, width: 80, now: 1030) == "     50B/100B 30s")
        #expect(JSONMessageRenderer.goDuration(seconds: 3725) == "1h2m5s")
    }
}
