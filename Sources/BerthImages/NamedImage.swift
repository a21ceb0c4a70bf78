import BerthOCI

/// An image as the metadata store records it: a name (nil when the archive gave none) and the
/// descriptor of its manifest or index. Importers return these; exporters take them.
public struct NamedImage: Sendable, Equatable {
    public var name: String?
    public var target: Descriptor

    public init(name: String?, target: Descriptor) {
        self.name = name
        self.target = target
    }
}

/// What an import produced: the supervisor creates one image record per element.
public typealias ImportedImage = NamedImage
