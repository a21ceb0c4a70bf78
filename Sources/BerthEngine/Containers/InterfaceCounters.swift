import BerthLinux

/// One link's counters as `docker stats` reads them (`networks.eth0`), parsed from /proc/<pid>/net/dev,
/// which shows the namespace of that process: the container's own links.
struct InterfaceCounters: Encodable, Sendable, Equatable {
    var rx_bytes: UInt64 = 0
    var rx_packets: UInt64 = 0
    var rx_errors: UInt64 = 0
    var rx_dropped: UInt64 = 0
    var tx_bytes: UInt64 = 0
    var tx_packets: UInt64 = 0
    var tx_errors: UInt64 = 0
    var tx_dropped: UInt64 = 0

    /// Every link but `lo`, by name; nil when the file cannot be read (the process is gone).
    static func read(pid: Int) -> [String: InterfaceCounters]? {
        guard pid > 0, let text = try? FileIO.readString("/proc/\(pid)/net/dev") else { return nil }
        return parse(text)
    }

    /// The kernel's format: two header lines, then `name: rx(8 fields) tx(8 fields)`.
    static func parse(_ text: String) -> [String: InterfaceCounters] {
        var out: [String: InterfaceCounters] = [:]
        for line in text.split(separator: "\n").dropFirst(2) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let fields = line[line.index(after: colon)...].split(separator: " ").compactMap { UInt64($0) }
            guard name != "lo", !name.isEmpty, fields.count >= 12 else { continue }
            out[name] = InterfaceCounters(rx_bytes: fields[0], rx_packets: fields[1], rx_errors: fields[2], rx_dropped: fields[3],
                                          tx_bytes: fields[8], tx_packets: fields[9], tx_errors: fields[10], tx_dropped: fields[11])
        }
        return out
    }
}
