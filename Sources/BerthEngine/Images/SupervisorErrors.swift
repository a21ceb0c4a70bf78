import BerthCore
import GRPCCore

/// Turns the supervisor's gRPC statuses back into BerthError, so the HTTP layer answers with the
/// status that fits (a bad archive is a 400 naming what is wrong with it, not a 500).
enum SupervisorErrors {
    static func berth(_ error: any Error) -> any Error {
        guard let rpc = error as? RPCError else { return error }
        let code: BerthError.Code
        switch rpc.code {
        case .notFound: code = .notFound
        case .alreadyExists: code = .alreadyExists
        case .failedPrecondition: code = .illegalState
        case .invalidArgument, .outOfRange: code = .invalidArgument
        case .unimplemented: code = .unsupported
        case .deadlineExceeded: code = .timeout
        default: code = .system
        }
        return BerthError(code, rpc.message)
    }

    /// Runs `body`, translating a supervisor status.
    static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw berth(error) }
    }
}
