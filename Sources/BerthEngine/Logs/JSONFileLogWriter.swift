import BerthCore
import BerthLinux
import Glibc
import Synchronization

/// Docker's json-file log driver, write side: one `JSONLogLine` per message appended to
/// `<container dir>/<id>-json.log`, rotated to `.1`, `.2` ... when `max-size` is reached (moby
/// loggerutils: the size is checked before each write, so a file may exceed it by one message;
/// with `max-file` 1 the file is truncated instead of rotated).
public final class JSONFileLogWriter: ContainerLogWriter {
    struct State {
        var fd: Int32
        var size: Int64
        var closed = false
    }

    public let path: String
    public let options: LogDriverOptions
    let state: Mutex<State>

    /// The file dockerd uses for a container's json-file log.
    public static func defaultPath(containerDirectory: String, containerID: String) -> String {
        "\(containerDirectory)/\(containerID)-json.log"
    }

    public init(path: String, options: LogDriverOptions = LogDriverOptions()) throws {
        self.path = path
        self.options = options
        let fd = try Self.open(path, truncate: false)
        var st = stat()
        let size = fstat(fd, &st) == 0 ? Int64(st.st_size) : 0
        state = Mutex(State(fd: fd, size: size))
    }

    deinit { close() }

    public func write(_ entry: LogEntry) throws {
        let line = JSONLogLine.encode(entry)
        try state.withLock { state in
            guard !state.closed else { throw BerthError(.illegalState, "log file \(path) is closed") }
            if let maxSize = options.maxSize, state.size >= maxSize {
                try rotate(&state)
            }
            try FileIO.writeAll(fd: state.fd, line, what: path)
            state.size += Int64(line.count)
        }
    }

    public func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            Glibc.close(state.fd)
        }
    }

    /// moby's rotate: drop the oldest, shift `.N-1` → `.N` ... `.1` → `.2`, the live file → `.1`.
    func rotate(_ state: inout State) throws {
        Glibc.close(state.fd)
        if options.maxFiles >= 2 {
            unlink("\(path).\(options.maxFiles - 1)")
            if options.maxFiles > 2 {
                for i in stride(from: options.maxFiles - 1, to: 1, by: -1) {
                    let from = "\(path).\(i - 1)"
                    if rename(from, "\(path).\(i)") != 0 && errno != ENOENT { throw BerthError.sys("rename \(from)") }
                }
            }
            if rename(path, "\(path).1") != 0 && errno != ENOENT { throw BerthError.sys("rename \(path)") }
            state.fd = try Self.open(path, truncate: false)
        } else {
            state.fd = try Self.open(path, truncate: true)
        }
        state.size = 0
    }

    static func open(_ path: String, truncate: Bool) throws -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0)
        let fd = Glibc.open(path, flags, 0o640)
        guard fd >= 0 else { throw BerthError.sys("open \(path)") }
        return fd
    }
}
