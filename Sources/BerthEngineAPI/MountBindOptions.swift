/// Options of a bind mount.
public struct MountBindOptions: Codable, Sendable, Equatable {
    public var propagation: String = ""
    public var nonRecursive: Bool = false
    public var createMountpoint: Bool = false
    public var readOnlyNonRecursive: Bool = false
    public var readOnlyForceRecursive: Bool = false

    public init(propagation: String = "", nonRecursive: Bool = false, createMountpoint: Bool = false, readOnlyNonRecursive: Bool = false, readOnlyForceRecursive: Bool = false) {
        self.propagation = propagation
        self.nonRecursive = nonRecursive
        self.createMountpoint = createMountpoint
        self.readOnlyNonRecursive = readOnlyNonRecursive
        self.readOnlyForceRecursive = readOnlyForceRecursive
    }

    enum CodingKeys: String, GoJSONKey {
        case propagation = "Propagation"
        case nonRecursive = "NonRecursive"
        case createMountpoint = "CreateMountpoint"
        case readOnlyNonRecursive = "ReadOnlyNonRecursive"
        case readOnlyForceRecursive = "ReadOnlyForceRecursive"

        var omitsEmpty: Bool { true }
    }
}
