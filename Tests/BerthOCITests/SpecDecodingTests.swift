import BerthCore
import BerthOCI
import Testing

struct SpecDecodingTests {
    func decode(_ json: String) throws -> Spec {
        try JSONCoding.decode(Spec.self, from: Array(json.utf8), source: "config.json")
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func unknownFieldsAreTolerated() throws {
        let spec = try decode(#"{"ociVersion":"1.3.0","root":{"path":"rootfs"},"futureField":{"x":1},"linux":{"newThing":[1]}}"#)
        #expect(spec.root?.path == "rootfs")
    }

    @Test func wrongTypeNamesTheField() {
        let text = message { _ = try decode(#"{"ociVersion":"1.3.0","process":{"args":"sh","cwd":"/","user":{"uid":0,"gid":0}}}"#) }
        #expect(text.contains("process.args"), "got: \(text)")
        #expect(text.contains("expected an array"), "got: \(text)")
    }

    @Test func missingRequiredFieldNamesIt() {
        let text = message { _ = try decode(#"{"ociVersion":"1.3.0","process":{"args":["sh"],"user":{"uid":0,"gid":0}}}"#) }
        #expect(text.contains("process.cwd: required field is missing"), "got: \(text)")
    }

    @Test func nestedArrayIndexIsInThePath() {
        let text = message { _ = try decode(#"{"ociVersion":"1.3.0","linux":{"namespaces":[{"type":"pid"},{"type":7}]}}"#) }
        #expect(text.contains("linux.namespaces[1].type"), "got: \(text)")
    }

    @Test func malformedJSONIsReported() {
        let text = message { _ = try decode(#"{"ociVersion":"1.3.0","#) }
        #expect(text.hasPrefix("config.json: malformed JSON"), "got: \(text)")
    }

    @Test func unknownNamespaceTypeFailsValidationNamingTheField() throws {
        let spec = try decode(#"{"ociVersion":"1.3.0","root":{"path":"rootfs"},"linux":{"namespaces":[{"type":"pid"},{"type":"foo"}]}}"#)
        let text = message { try spec.validate() }
        #expect(text == "config.json: linux.namespaces[1].type: unknown namespace type \"foo\"")
    }

    @Test func validationCatchesBadProcessFields() throws {
        var spec = Spec(process: Process(args: ["sh"], cwd: "relative"), root: Root(path: "rootfs"))
        #expect(message { try spec.validate() }.contains("process.cwd"))
        spec.process?.cwd = "/"
        spec.process?.rlimits = [Rlimit(type: "RLIMIT_BOGUS", hard: 1, soft: 1)]
        #expect(message { try spec.validate() }.contains("process.rlimits[0].type"))
        spec.process?.rlimits = nil
        spec.process?.capabilities = Capabilities(bounding: ["CAP_CHOWN", "CAP_FLY"])
        #expect(message { try spec.validate() }.contains("process.capabilities.bounding[1]"))
        spec.process?.capabilities = nil
        spec.mounts = [Mount(destination: "tmp", type: "tmpfs")]
        #expect(message { try spec.validate() }.contains("mounts[0].destination"))
        spec.mounts = nil
        #expect(message { try spec.validate() } == "no error")
    }

    @Test func userNamespaceNeedsMappings() throws {
        var spec = Spec(process: Process(args: ["sh"]), root: Root(path: "rootfs"))
        var linux = Linux()
        linux.namespaces = [Namespace(type: .user)]
        spec.linux = linux
        #expect(message { try spec.validate() }.contains("linux.uidMappings"))
    }

    @Test func encodingOmitsNilFields() throws {
        let spec = Spec(root: Root(path: "rootfs"))
        let json = String(decoding: try JSONCoding.encode(spec), as: UTF8.self)
        #expect(json == #"{"ociVersion":"1.3.0","root":{"path":"rootfs"}}"#)
    }

    @Test func roundTripsTheShippedBundleTemplate() throws {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) }
        let bytes = try readFile(path + "/specs/bundle-template.json")
        let spec = try JSONCoding.decode(Spec.self, from: bytes, source: "bundle-template.json")
        try spec.validate()
        let again = try JSONCoding.decode(Spec.self, from: try JSONCoding.encode(spec), source: "re-encoded")
        #expect(again == spec)
    }

    func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw BerthError(.notFound, "open \(path)") }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif

struct JSONPrettyPrinterTests {
    @Test func indentsLikeGo() throws {
        let state = State(id: "a", status: "created", pid: 7, bundle: "/b", annotations: ["k": "v: {x}, \"q\""])
        let text = String(decoding: try JSONCoding.encode(state, pretty: true), as: UTF8.self)
        #expect(text == """
        {
          "annotations": {
            "k": "v: {x}, \\"q\\""
          },
          "bundle": "/b",
          "id": "a",
          "ociVersion": "1.3.0",
          "pid": 7,
          "status": "created"
        }
        """)
    }

    @Test func emptyContainersStayInline() throws {
        let text = String(decoding: try JSONCoding.encode(["a": [String]()], pretty: true), as: UTF8.self)
        #expect(text == "{\n  \"a\": []\n}")
    }
}
