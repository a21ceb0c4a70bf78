/// runc's id rule: letters, digits and `_ + - .`, not `.` or `..`, so an id is always one safe path
/// component under the state root.
public enum ContainerID {
    public static func validate(_ id: String) throws {
        guard !id.isEmpty else { throw BerthError(.invalidArgument, "container id cannot be empty") }
        guard id != "." && id != ".." && id.utf8.count <= 1024 else {
            throw BerthError(.invalidArgument, "invalid container id \"\(id)\"")
        }
        for b in id.utf8 {
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x5F || b == 0x2B || b == 0x2D || b == 0x2E
            if !ok { throw BerthError(.invalidArgument, "invalid container id \"\(id)\": only [a-zA-Z0-9_+.-] allowed") }
        }
    }
}
