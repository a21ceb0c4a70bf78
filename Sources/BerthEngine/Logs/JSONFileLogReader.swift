import BerthCore
import BerthLinux
import Glibc

/// Docker's json-file log driver, read side: the rotated files oldest first, then the live file;
/// `tail`, `since`, `until`, the stream selection, and `follow` across growth and rotation.
/// TTY containers log everything as `stdout` (the pty merges the streams); entries come back raw and
/// the API layer frames them (`DockerLogFrame`).
public struct JSONFileLogReader: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The log files, oldest first: `path.N` ... `path.1`, `path`.
    public func files() -> [String] {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let rotated = ((try? FileIO.list(directory.isEmpty ? "/" : directory)) ?? [])
            .compactMap { name -> Int? in
                guard name.hasPrefix(base + ".") else { return nil }
                return Int(name.dropFirst(base.count + 1))
            }
            .sorted(by: >)
            .map { "\(path).\($0)" }
        return rotated + (FileIO.exists(path) ? [path] : [])
    }

    /// Everything the options select that is already written (follow is ignored here).
    public func read(_ options: LogReadOptions) throws -> [LogEntry] {
        try history(options).entries
    }

    /// Reads what is there, then (with `options.follow`) keeps delivering new messages until
    /// `shouldStop` returns true or a message is past `until`. Blocks the calling thread.
    public func follow(_ options: LogReadOptions, shouldStop: () -> Bool, handler: (LogEntry) throws -> Void) throws {
        let (entries, position) = try history(options)
        for entry in entries { try handler(entry) }
        guard options.follow else { return }
        var tailer = FileTailer(path: path, position: position)
        defer { tailer.close() }
        while !shouldStop() {
            if let until = options.until, LogTime.now() > until { return }
            let lines = try tailer.poll()
            for line in lines {
                guard let entry = JSONLogLine.decode(line[...]) else { continue }
                if let since = options.since, entry.timestamp < since { continue }
                if let until = options.until, entry.timestamp > until { return }
                if options.wants(entry) { try handler(entry) }
            }
            if lines.isEmpty {
                let interval = options.pollInterval.components
                var ts = timespec(tv_sec: Int(interval.seconds), tv_nsec: Int(interval.attoseconds / 1_000_000_000))
                nanosleep(&ts, nil)
            }
        }
    }

    /// Existing entries after tail/since/until/stream selection, and where the live file ended
    /// (its inode and offset), so a follower continues exactly there.
    func history(_ options: LogReadOptions) throws -> (entries: [LogEntry], position: FileTailer.Position?) {
        var all: [LogEntry] = []
        var position: FileTailer.Position?
        let files = files()
        // With a tail, read from the newest file backwards and stop once enough lines are in.
        var chunks: [[LogEntry]] = []
        var count = 0
        for (index, file) in files.enumerated().reversed() {
            guard let (bytes, inode) = try? Self.readWithInode(file) else { continue }
            if index == files.count - 1 && file == path {
                let complete = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
                position = FileTailer.Position(inode: inode, offset: Int64(complete))
            }
            let entries = Self.decodeLines(bytes)
            chunks.append(entries)
            count += entries.count
            if let tail = options.tail, count >= tail { break }
        }
        for chunk in chunks.reversed() { all += chunk }
        if let tail = options.tail { all = tail <= 0 ? [] : Array(all.suffix(tail)) }
        var out: [LogEntry] = []
        for entry in all {
            if let since = options.since, entry.timestamp < since { continue }
            if let until = options.until, entry.timestamp > until { break }
            if options.wants(entry) { out.append(entry) }
        }
        return (out, position)
    }

    /// Complete lines only: a line still being written is left for the follower.
    static func decodeLines(_ bytes: [UInt8]) -> [LogEntry] {
        var out: [LogEntry] = []
        var start = 0
        for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") {
            if i > start, let entry = JSONLogLine.decode(bytes[start..<i]) { out.append(entry) }
            start = i + 1
        }
        return out
    }

    static func readWithInode(_ path: String) throws -> ([UInt8], UInt64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError.sys("open \(path)") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw BerthError.sys("fstat \(path)") }
        return (try FileIO.readAll(fd: fd, what: path), UInt64(st.st_ino))
    }
}

/// Follows one path across appends, truncation and rotation (rename + new file), line by line.
struct FileTailer {
    struct Position: Equatable {
        var inode: UInt64
        var offset: Int64
    }

    let path: String
    var fd: Int32 = -1
    var inode: UInt64 = 0
    var pending: [UInt8] = []

    init(path: String, position: Position?) {
        self.path = path
        if let position, position.inode != 0 {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            var st = stat()
            if fd >= 0, fstat(fd, &st) == 0, UInt64(st.st_ino) == position.inode {
                lseek(fd, off_t(position.offset), SEEK_SET)
                self.fd = fd
                inode = position.inode
            } else if fd >= 0 {
                // Rotated between the history read and now: the new file is read from its start.
                self.fd = fd
                inode = UInt64(st.st_ino)
            }
        }
    }

    mutating func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// New complete lines since the last call (without their newlines).
    mutating func poll() throws -> [[UInt8]] {
        if fd < 0 {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return [] }
            var st = stat()
            inode = fstat(fd, &st) == 0 ? UInt64(st.st_ino) : 0
        }
        var lines = drain()
        // Rotated (a new inode at the path) or truncated (the file is shorter than our offset):
        // finish the old descriptor above, then start over on the current file.
        var st = stat()
        if stat(path, &st) == 0 {
            let current = lseek(fd, 0, SEEK_CUR)
            if UInt64(st.st_ino) != inode || Int64(st.st_size) < Int64(current) {
                close()
                pending = []
                fd = open(path, O_RDONLY | O_CLOEXEC)
                if fd >= 0 {
                    inode = UInt64(st.st_ino)
                    lines += drain()
                }
            }
        }
        return lines
    }

    mutating func drain() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while fd >= 0 {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            pending += buffer[0..<n]
        }
        var start = 0
        for i in pending.indices where pending[i] == UInt8(ascii: "\n") {
            if i > start { lines.append(Array(pending[start..<i])) }
            start = i + 1
        }
        pending.removeFirst(start)
        return lines
    }
}
