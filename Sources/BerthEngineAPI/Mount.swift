/// A mount in `HostConfig.Mounts` (`--mount type=bind,source=/a,target=/b`). `Type`: bind, volume, image,
/// tmpfs, npipe or cluster.
public struct Mount: Codable, Sendable, Equatable {
    public var type: String = ""
    public var source: String = ""
    public var target: String = ""
    public var readOnly: Bool = false
    public var consistency: String = ""
    public var bindOptions: MountBindOptions?
    public var volumeOptions: MountVolumeOptions?
    public var imageOptions: MountImageOptions?
    public var tmpfsOptions: MountTmpfsOptions?

    public init(
        type: String = "",
        source: String = "",
        target: String = "",
        readOnly: Bool = false,
        consistency: String = "",
        bindOptions: MountBindOptions? = nil,
        volumeOptions: MountVolumeOptions? = nil,
        imageOptions: MountImageOptions? = nil,
        tmpfsOptions: MountTmpfsOptions? = nil
    ) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
        self.consistency = consistency
        self.bindOptions = bindOptions
        self.volumeOptions = volumeOptions
        self.imageOptions = imageOptions
        self.tmpfsOptions = tmpfsOptions
    }

    enum CodingKeys: String, GoJSONKey {
        case type = "Type"
        case source = "Source"
        case target = "Target"
        case readOnly = "ReadOnly"
        case consistency = "Consistency"
        case bindOptions = "BindOptions"
        case volumeOptions = "VolumeOptions"
        case imageOptions = "ImageOptions"
        case tmpfsOptions = "TmpfsOptions"

        var omitsEmpty: Bool { true }
    }
}
