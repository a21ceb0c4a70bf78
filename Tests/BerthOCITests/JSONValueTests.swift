import BerthCore
import BerthOCI
import Testing

struct JSONValueTests {
    @Test func parsesWhatJSONEncoderWrites() throws {
        let state = State(id: "a\"b\\c\u{1F600}", status: "running", pid: 42, bundle: "/b/ü",
                          annotations: ["k": "line\nbreak\ttab", "e": ""])
        let v = try JSONValue.parse(try JSONCoding.encode(state))
        #expect(v["id"]?.string == "a\"b\\c\u{1F600}")
        #expect(v["pid"]?.int64 == 42)
        #expect(v["bundle"]?.string == "/b/ü")
        #expect(v["annotations"]?.stringMap == ["k": "line\nbreak\ttab", "e": ""])
        let pretty = try JSONValue.parse(try JSONCoding.encode(state, pretty: true))
        #expect(pretty == v)
    }

    @Test func escapesAndLiterals() throws {
        let v = try JSONValue.parse(Array(#"{"a":[true,false,null,-1.5e3],"s":"\u00e9\ud83d\ude00\/"}"#.utf8))
        #expect(v["a"]?.array == [.bool(true), .bool(false), .null, .number("-1.5e3")])
        #expect(v["s"]?.string == "é😀/")
    }

    @Test func malformedInputIsAnError() {
        for text in [#"{"a":1"#, #"{"a" 1}"#, #"[1,]x"#, #""unterminated"#, #"{"a":tru}"#, ""] {
            #expect(throws: (any Error).self, "\(text)") { try JSONValue.parse(Array(text.utf8)) }
        }
    }
}
