import BerthCore
import BerthShimAPI

/// A request frame read with BerthCore's small JSON reader instead of JSONDecoder (see
/// JSONObjectWriter for why the shim avoids the Foundation coders). Field names and optionality
/// follow the Codable types in BerthShimAPI exactly; the unit tests cross-check both directions.
struct WireRequest {
    let id: UInt32
    let method: String
    let params: WireParams

    init(_ payload: [UInt8]) throws {
        let root: JSONValue
        do { root = try JSONValue.parse(payload) } catch { throw ShimError(.invalidArgument, "unreadable request: \(error)") }
        guard case .object = root else { throw ShimError(.invalidArgument, "unreadable request: not a json object") }
        guard let id = root["id"]?.uint64, let id32 = UInt32(exactly: id) else {
            throw ShimError(.invalidArgument, "unreadable request: id missing or not a 32-bit unsigned number")
        }
        guard let method = root["method"]?.string else { throw ShimError(.invalidArgument, "unreadable request: method missing") }
        self.id = id32
        self.method = method
        let params = root["params"] ?? .object([:])
        if case .null = params {
            self.params = WireParams(value: .object([:]), method: method)
        } else {
            guard case .object = params else { throw ShimError(.invalidArgument, "malformed \(method) request: params: expected an object") }
            self.params = WireParams(value: params, method: method)
        }
    }
}

/// Typed access to a request's params, with errors naming the field.
struct WireParams {
    let value: JSONValue
    let method: String

    private func bad(_ key: String, _ expected: String) -> ShimError {
        ShimError(.invalidArgument, "malformed \(method) request: params.\(key): expected \(expected)")
    }

    private func present(_ key: String) -> JSONValue? {
        guard let v = value[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    func string(_ key: String) throws -> String? {
        guard let v = present(key) else { return nil }
        guard let s = v.string else { throw bad(key, "a string") }
        return s
    }

    func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw bad(key, "a string") }
        return s
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let v = present(key) else { return fallback }
        guard let b = v.bool else { throw bad(key, "a boolean") }
        return b
    }

    func int32(_ key: String) throws -> Int32 {
        guard let n = present(key)?.int64, let v = Int32(exactly: n) else { throw bad(key, "a 32-bit number") }
        return v
    }

    func uint32(_ key: String) throws -> UInt32 {
        guard let n = present(key)?.int64, let v = UInt32(exactly: n) else { throw bad(key, "a 32-bit unsigned number") }
        return v
    }

    func nested(_ key: String) throws -> WireParams? {
        guard let v = present(key) else { return nil }
        guard case .object = v else { throw bad(key, "an object") }
        return WireParams(value: v, method: method)
    }
}

extension CreateRequest {
    init(wire p: WireParams) throws {
        var options: CreateOptions?
        if let o = try p.nested("options") {
            options = CreateOptions(noPivotRoot: try o.bool("noPivotRoot", default: false),
                                    noNewKeyring: try o.bool("noNewKeyring", default: false))
        }
        self.init(id: try p.string("id") ?? "", bundle: try p.string("bundle") ?? "", runtime: try p.string("runtime"),
                  runtimeRoot: try p.string("runtimeRoot"), terminal: try p.bool("terminal", default: false),
                  stdin: try p.string("stdin"), stdout: try p.string("stdout"), stderr: try p.string("stderr"),
                  logPath: try p.string("logPath"), options: options)
    }
}

extension ProcessRequest {
    init(wire p: WireParams) throws { self.init(execID: try p.string("execID")) }
}

extension KillRequest {
    init(wire p: WireParams) throws {
        self.init(execID: try p.string("execID"), signal: try p.int32("signal"), all: try p.bool("all", default: false))
    }
}

extension ExecRequest {
    init(wire p: WireParams) throws {
        self.init(execID: try p.requiredString("execID"), spec: try p.requiredString("spec"), terminal: try p.bool("terminal", default: false),
                  stdin: try p.string("stdin"), stdout: try p.string("stdout"), stderr: try p.string("stderr"))
    }
}

extension ResizePtyRequest {
    init(wire p: WireParams) throws {
        self.init(execID: try p.string("execID"), width: try p.uint32("width"), height: try p.uint32("height"))
    }
}

extension CloseIORequest {
    init(wire p: WireParams) throws { self.init(execID: try p.string("execID"), stdin: try p.bool("stdin", default: true)) }
}

extension UpdateRequest {
    init(wire p: WireParams) throws { self.init(resources: try p.requiredString("resources")) }
}

extension ShutdownRequest {
    init(wire p: WireParams) throws { self.init(now: try p.bool("now", default: false)) }
}
