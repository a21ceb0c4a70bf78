import FoundationEssentials

/// JSON for shim frames. Coders are made per call and dropped at once: an idle shim must not keep
/// their caches around (PSS budget), and a frame is small enough that setting one up is cheap.
public enum ShimJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw ShimError(.internal, "encode \(T.self): \(error)")
        }
    }

    /// `what` names the document in errors ("malformed kill request: params.signal: missing").
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String? = nil) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw ShimError(.invalidArgument, "malformed \(what ?? "\(T.self)"): \(describe(error))")
        } catch {
            throw ShimError(.invalidArgument, "malformed \(what ?? "\(T.self)"): \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "(document)" : text
        }
        switch error {
        case .typeMismatch(let type, let ctx): return "\(path(ctx.codingPath)): expected \(type)"
        case .valueNotFound(let type, let ctx): return "\(path(ctx.codingPath)): missing \(type)"
        case .keyNotFound(let key, let ctx): return "\(path(ctx.codingPath + [key])): missing"
        case .dataCorrupted(let ctx): return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
