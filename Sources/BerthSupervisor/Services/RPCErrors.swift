import BerthCore
import BerthShimAPI
import GRPCCore

/// One translation from the lower layers' errors to gRPC statuses, so every service reports the same
/// code for the same condition and the message always names the object at fault.
enum RPCErrors {
    static func map(_ error: any Error) -> RPCError {
        if let rpc = error as? RPCError { return rpc }
        if let shim = error as? ShimError {
            return RPCError(code: code(for: shim.code), message: shim.message)
        }
        if let berth = error as? BerthError {
            return RPCError(code: code(for: berth.code), message: berth.description)
        }
        return RPCError(code: .internalError, message: String(describing: error))
    }

    static func code(for code: BerthError.Code) -> RPCError.Code {
        switch code {
        case .invalidArgument, .invalidConfig: return .invalidArgument
        case .notFound: return .notFound
        case .alreadyExists: return .alreadyExists
        case .illegalState: return .failedPrecondition
        case .timeout: return .deadlineExceeded
        case .unsupported: return .unimplemented
        case .system: return .internalError
        }
    }

    static func code(for code: ShimError.Code) -> RPCError.Code {
        switch code {
        case .notFound: return .notFound
        case .alreadyExists: return .alreadyExists
        case .failedPrecondition: return .failedPrecondition
        case .invalidArgument: return .invalidArgument
        case .internal: return .internalError
        case .unavailable: return .unavailable
        case .unimplemented: return .unimplemented
        case .deadlineExceeded: return .deadlineExceeded
        }
    }

    /// Runs a service body, rethrowing any failure as an RPCError.
    static func guarded<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw map(error) }
    }

    static func invalid(_ message: String) -> RPCError {
        RPCError(code: .invalidArgument, message: message)
    }

    /// Every request names its namespace; an empty or malformed one is refused before any work.
    static func namespace(_ name: String) throws -> String {
        guard !name.isEmpty else { throw invalid("namespace is required") }
        guard name.utf8.count <= 76, name.utf8.allSatisfy({ c in
            (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2e || c == 0x5f
                || (c >= 0x41 && c <= 0x5a)
        }), let first = name.utf8.first, first != 0x2d, first != 0x2e else {
            throw invalid("invalid namespace \"\(name)\": use letters, digits, '.', '_' and '-'")
        }
        return name
    }
}
