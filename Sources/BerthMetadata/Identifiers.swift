import BerthCore

/// containerd's identifier rule for namespaces, container ids and lease ids: alphanumeric runs joined
/// by single `.`, `_` or `-`, at most 76 characters, so an identifier is safe in paths and labels.
enum Identifiers {
    static let maximumLength = 76

    static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= maximumLength else { return false }
        var previousWasSeparator = true  // a separator may not lead
        for b in text.utf8 {
            let alphanumeric = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            if alphanumeric {
                previousWasSeparator = false
            } else if b == 0x2E || b == 0x5F || b == 0x2D {
                if previousWasSeparator { return false }
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return !previousWasSeparator
    }

    static func validateNamespace(_ name: String) throws {
        guard isValid(name) else {
            throw BerthError(
                .invalidArgument,
                "namespace \"\(name)\": invalid name (alphanumerics joined by single '.', '_' or '-', at most \(maximumLength))")
        }
    }

    static func validate(_ id: String, what: String, namespace: String) throws {
        guard isValid(id) else {
            throw BerthError(
                .invalidArgument,
                "\(what) \"\(id)\" in namespace \"\(namespace)\": invalid identifier (alphanumerics joined by single '.', '_' or '-', at most \(maximumLength))")
        }
    }
}
