import BerthCore
import GRPCCore

/// Supervisor (gRPC) failures as the engine's errors, so the HTTP layer gives dockerd's statuses:
/// not found 404, exists/precondition 409, bad argument 400, anything else 500.
enum SupervisorError {
    static func map(_ error: any Error) -> any Error {
        guard let rpc = error as? RPCError else { return error }
        let code: BerthError.Code = switch rpc.code {
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .failedPrecondition: .illegalState
        case .invalidArgument, .outOfRange: .invalidArgument
        case .unimplemented: .unsupported
        case .deadlineExceeded: .timeout
        default: .system
        }
        return BerthError(code, rpc.message)
    }

    static func isNotFound(_ error: any Error) -> Bool {
        if let rpc = error as? RPCError { return rpc.code == .notFound }
        if let berth = error as? BerthError { return berth.code == .notFound }
        return false
    }

    /// Runs `body`, ignoring "not found" (already gone) and rethrowing anything else mapped: for
    /// cleanup that must not report success while the supervisor still holds the object.
    static func ignoringNotFound(_ body: () async throws -> Void) async throws {
        do { try await body() } catch where isNotFound(error) {} catch { throw map(error) }
    }

    /// Runs `body`, rethrowing supervisor errors mapped.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw map(error) }
    }
}
