/// The `oci-layout` file at the root of an OCI image layout.
public struct ImageLayoutHeader: Codable, Sendable, Equatable {
    public var imageLayoutVersion: String

    public init(imageLayoutVersion: String = ImageLayoutHeader.currentVersion) {
        self.imageLayoutVersion = imageLayoutVersion
    }

    public static let currentVersion = "1.0.0"
}
