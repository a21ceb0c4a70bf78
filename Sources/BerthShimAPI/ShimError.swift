import BerthCore

/// The error a shim call ends with. `code` maps one-to-one onto a gRPC status code in the supervisor.
public struct ShimError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    public enum Code: String, Sendable, Codable {
        case notFound, alreadyExists, failedPrecondition, invalidArgument, `internal`, unavailable, unimplemented, deadlineExceeded

        /// Unknown codes (a newer shim) decode as `internal` rather than failing the whole response.
        public init(from decoder: any Decoder) throws {
            let raw = try decoder.singleValueContainer().decode(String.self)
            self = Code(rawValue: raw) ?? .internal
        }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// A lower-layer error, with its code translated.
    public init(_ error: any Error) {
        if let shim = error as? ShimError {
            self = shim
            return
        }
        guard let berth = error as? BerthError else {
            self.init(.internal, "\(error)")
            return
        }
        let code: Code
        switch berth.code {
        case .notFound: code = .notFound
        case .alreadyExists: code = .alreadyExists
        case .invalidArgument, .invalidConfig: code = .invalidArgument
        case .illegalState: code = .failedPrecondition
        case .unsupported: code = .unimplemented
        case .system, .timeout: code = .internal
        }
        self.init(code, berth.description)
    }
}
