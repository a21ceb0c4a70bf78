/// A request body clients send (create, update, exec create and start). Decoded with Go's
/// case-insensitive key matching by `EngineJSON.decode`; its nested models must be listed in
/// `EngineModelRegistry`.
public protocol EngineRequestBody: Decodable {}

extension ContainerCreateRequest: EngineRequestBody {}
extension ContainerConfig: EngineRequestBody {}
extension HostConfig: EngineRequestBody {}
extension ContainerUpdateRequest: EngineRequestBody {}
extension ExecConfig: EngineRequestBody {}
extension ExecStartConfig: EngineRequestBody {}
extension EndpointSettings: EngineRequestBody {}
