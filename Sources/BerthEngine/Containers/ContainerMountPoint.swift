/// A volume (or a bind inherited with `--volumes-from`) resolved at create and kept in the record, as
/// dockerd keeps `MountPoints` in config.v2.json: restarts reuse the same anonymous volumes, and the
/// volume service asks the records which containers use a volume.
public struct ContainerMountPoint: Codable, Sendable, Equatable {
    /// "volume" or "bind".
    public var type: String
    /// The volume's name (volumes only).
    public var name: String = ""
    /// The host path (binds only; a volume's is its mountpoint).
    public var source: String = ""
    public var destination: String
    public var rw: Bool
    /// What inspect shows as `Mode`: the `-v` mode string, "z" for a named volume without one.
    public var mode: String = ""
    /// `nocopy`: the image's content at the destination is not copied into an empty volume.
    public var noCopy: Bool = false
    /// Created for this container alone (`-v /dst`, an image VOLUME): `rm -v` and `--rm` remove it.
    public var anonymous: Bool = false

    public init(type: String, name: String = "", source: String = "", destination: String, rw: Bool, mode: String = "",
                noCopy: Bool = false, anonymous: Bool = false) {
        self.type = type
        self.name = name
        self.source = source
        self.destination = destination
        self.rw = rw
        self.mode = mode
        self.noCopy = noCopy
        self.anonymous = anonymous
    }
}
