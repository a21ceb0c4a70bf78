import BerthSupervisorAPI
import GRPCCore
import SwiftProtobuf

struct VersionService: Berth_Supervisor_V1_Version.SimpleServiceProtocol {
    func version(request: Google_Protobuf_Empty, context: ServerContext) async throws -> Berth_Supervisor_V1_VersionResponse {
        var response = Berth_Supervisor_V1_VersionResponse()
        response.version = SupervisorVersion.version
        response.revision = SupervisorVersion.revision
        response.apiVersion = SupervisorVersion.apiVersion
        return response
    }
}

public enum SupervisorVersion {
    public static let version = "0.3.0"
    public static let revision = "berth"
    public static let apiVersion = "1.0"
}
