import ArgumentParser
import BerthSupervisorAPI
import GRPCCore
import GRPCNIOTransportHTTP2

/// Opens one client connection for the duration of a command. Failures to reach the supervisor and
/// gRPC errors become one-line messages (`berth-ctr: …`) and exit status 1, as ctr does.
enum SupervisorConnection {
    static func with<T: Sendable>(
        _ options: GlobalOptions,
        _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T
    ) async throws -> T {
        do {
            let transport = try HTTP2ClientTransport.Posix(
                target: .unixDomainSocket(path: options.address),
                transportSecurity: .plaintext,
                config: .defaults { $0.http2.maxFrameSize = 1 << 20 }
            )
            return try await withGRPCClient(transport: transport) { client in
                try await body(client)
            }
        } catch let error as RPCError {
            throw CtrFailure(describe(error, address: options.address))
        }
    }

    static func describe(_ error: RPCError, address: String) -> String {
        if error.code == .unavailable {
            return "cannot reach the supervisor at \(address): \(error.message)"
        }
        return "\(error.code): \(error.message)"
    }
}

/// A failure already phrased for the operator.
struct CtrFailure: Error, CustomStringConvertible {
    let description: String
    var exitCode: Int32 = 1
    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
