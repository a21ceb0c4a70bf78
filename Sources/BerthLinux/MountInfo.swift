/// One line of /proc/<pid>/mountinfo.
public struct MountInfo: Sendable, Equatable {
    public var root: String
    public var mountPoint: String
    public var options: String
    public var optionalFields: [String]
    public var fsType: String
    public var source: String
    public var superOptions: String

    public static func read(pid: String = "self") -> [MountInfo] {
        guard let text = try? FileIO.readString("/proc/\(pid)/mountinfo") else { return [] }
        return text.split(separator: "\n").compactMap { parse(String($0)) }
    }

    public static func parseLine(_ line: String) -> MountInfo? { parse(line) }

    static func parse(_ line: String) -> MountInfo? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash >= 6, fields.count >= dash + 4 else { return nil }
        return MountInfo(root: unescape(fields[3]), mountPoint: unescape(fields[4]), options: fields[5],
                         optionalFields: Array(fields[6..<dash]), fsType: fields[dash + 1],
                         source: unescape(fields[dash + 2]), superOptions: fields[dash + 3])
    }

    /// mountinfo escapes space, tab, newline and backslash as \ooo octal.
    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out: [UInt8] = []
        let bytes = Array(s.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x5C, i + 3 < bytes.count {
                let digits = bytes[(i + 1)..<min(i + 4, bytes.count)]
                if digits.count == 3, let v = UInt8(String(decoding: digits, as: UTF8.self), radix: 8) {
                    out.append(v)
                    i += 4
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var isShared: Bool { optionalFields.contains { $0.hasPrefix("shared:") } }

    /// The mount that contains `path` (longest mount point prefix).
    public static func containing(_ path: String, in mounts: [MountInfo]) -> MountInfo? {
        mounts.filter { m in
            m.mountPoint == "/" || path == m.mountPoint || path.hasPrefix(m.mountPoint + "/")
        }.max { $0.mountPoint.count < $1.mountPoint.count }
    }
}
