import BerthLinux
import Glibc

/// `docker top`'s default view (`ps -ef` columns) of one host process, read from /proc so the
/// engine needs no ps binary and no fork per request.
enum ProcessTable {
    static let titles = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]

    static func row(pid: Int) -> [String]? {
        guard let stat = FileIO.readTrimmed("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { return nil }
        let comm = stat.firstIndex(of: "(").map { String(stat[stat.index(after: $0)..<close]) } ?? ""
        // Fields after the command: state ppid pgrp session tty_nr … utime(14) stime(15) … starttime(22).
        let fields = stat[stat.index(after: close)...].split(separator: " ").map(String.init)
        guard fields.count > 19 else { return nil }
        let ppid = fields[1]
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpuSeconds = Int((Double(fields[11]) ?? 0) / ticks + (Double(fields[12]) ?? 0) / ticks)
        let time = String(format2(cpuSeconds / 3600)) + ":" + format2(cpuSeconds / 60 % 60) + ":" + format2(cpuSeconds % 60)
        let uid = uidName(pid: pid)
        let start = startTime(startTicks: Double(fields[19]) ?? 0, ticks: ticks)
        var cmd = (try? FileIO.read("/proc/\(pid)/cmdline")) ?? []
        while cmd.last == 0 { cmd.removeLast() }
        let command = cmd.isEmpty ? "[\(comm)]" : String(decoding: cmd.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return [uid, String(pid), ppid, "0", start, "?", time, command]
    }

    static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    static func uidName(pid: Int) -> String {
        guard let status = try? FileIO.readString("/proc/\(pid)/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }),
              let uid = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap({ UInt32($0) }) else {
            return "?"
        }
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return String(uid)
    }

    /// HH:MM of the process start (ps's STIME for today's processes).
    static func startTime(startTicks: Double, ticks: Double) -> String {
        guard let uptimeText = FileIO.readTrimmed("/proc/uptime")?.split(separator: " ").first,
              let uptime = Double(uptimeText) else { return "?" }
        var started = time(nil) - time_t(uptime - startTicks / ticks)
        var parts = tm()
        localtime_r(&started, &parts)
        return format2(Int(parts.tm_hour)) + ":" + format2(Int(parts.tm_min))
    }
}
