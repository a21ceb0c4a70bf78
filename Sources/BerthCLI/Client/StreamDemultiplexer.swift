/// Splits docker's multiplexed stdout/stderr stream (non-TTY attach, exec and logs): an 8-byte
/// header `[type, 0, 0, 0, size(4, big-endian)]` then `size` payload bytes. Type 0/1 go to stdout,
/// 2 to stderr, 3 is an in-band daemon error.
public struct StreamDemultiplexer {
    public enum Frame: Equatable {
        case stdout([UInt8])
        case stderr([UInt8])
        case systemError([UInt8])
    }

    var pending: [UInt8] = []

    public init() {}

    /// Feeds bytes; returns every frame completed so far.
    public mutating func feed(_ bytes: [UInt8]) -> [Frame] {
        pending.append(contentsOf: bytes)
        var frames: [Frame] = []
        var offset = 0
        while pending.count - offset >= 8 {
            let size = Int(pending[offset + 4]) << 24 | Int(pending[offset + 5]) << 16 | Int(pending[offset + 6]) << 8 | Int(pending[offset + 7])
            guard pending.count - offset - 8 >= size else { break }
            let payload = Array(pending[(offset + 8)..<(offset + 8 + size)])
            switch pending[offset] {
            case 2: frames.append(.stderr(payload))
            case 3: frames.append(.systemError(payload))
            default: frames.append(.stdout(payload))
            }
            offset += 8 + size
        }
        pending.removeFirst(offset)
        return frames
    }

    /// Copies a whole multiplexed stream to the two outputs until EOF; returns an in-band error, if any.
    public static func copy(from read: () throws -> [UInt8], stdout: OutputStream, stderr: OutputStream) throws -> String? {
        var demux = StreamDemultiplexer()
        var systemError: String?
        while true {
            let chunk = try read()
            if chunk.isEmpty { break }
            for frame in demux.feed(chunk) {
                switch frame {
                case .stdout(let b): stdout.write(b)
                case .stderr(let b): stderr.write(b)
                case .systemError(let b): systemError = String(decoding: b, as: UTF8.self)
                }
            }
        }
        return systemError
    }
}
