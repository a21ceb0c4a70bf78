import BerthOCI

/// Decodes a container's spec so a malformed one is refused with the field at fault named.
enum BerthOCISpecCheck {
    static func check(_ bytes: [UInt8], id: String) throws -> Spec {
        try JSONCoding.decode(Spec.self, from: bytes, source: "container \(id) spec")
    }
}
