/// The request bodies clients send, for `FieldNameTable` (Go's case-insensitive field matching).
///
/// Only request models are listed: dockerd's answers use exact names, and folding onto response-only
/// names (`privileged` of exec inspect, `status` of events) would shadow request fields of the same
/// spelling (`Privileged`). A model clients send is added here.
enum EngineModelRegistry {
    static let requestKeyTypes: [any GoJSONKey.Type] = [
        ContainerCreateRequest.CodingKeys.self,
        ContainerConfig.CodingKeys.self,
        HealthConfig.CodingKeys.self,
        HostConfig.CodingKeys.self,
        LogConfig.CodingKeys.self,
        RestartPolicy.CodingKeys.self,
        PortBinding.CodingKeys.self,
        WeightDevice.CodingKeys.self,
        ThrottleDevice.CodingKeys.self,
        DeviceMapping.CodingKeys.self,
        DeviceRequest.CodingKeys.self,
        Ulimit.CodingKeys.self,
        Mount.CodingKeys.self,
        MountBindOptions.CodingKeys.self,
        MountVolumeOptions.CodingKeys.self,
        MountVolumeDriverConfig.CodingKeys.self,
        MountImageOptions.CodingKeys.self,
        MountTmpfsOptions.CodingKeys.self,
        NetworkingConfig.CodingKeys.self,
        EndpointSettings.CodingKeys.self,
        EndpointIPAMConfig.CodingKeys.self,
        ContainerUpdateRequest.CodingKeys.self,
        ExecConfig.CodingKeys.self,
        VolumeCreateRequest.CodingKeys.self,
        ExecStartConfig.CodingKeys.self,
        NetworkCreateRequest.CodingKeys.self,
        NetworkIPAM.CodingKeys.self,
        NetworkIPAMConfig.CodingKeys.self,
        NetworkConfigReference.CodingKeys.self,
        NetworkConnectRequest.CodingKeys.self,
        NetworkDisconnectRequest.CodingKeys.self,
    ]

    static var requestFieldNames: [String] { requestKeyTypes.flatMap { $0.fieldNames } }
}
