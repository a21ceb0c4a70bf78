/// The streams of Docker's multiplexed attach/exec/logs format: the first byte of each 8-byte frame
/// header (`[stream, 0, 0, 0, size as big-endian UInt32]`).
public enum StdStream: UInt8, Sendable, Equatable {
    case stdin = 0
    case stdout = 1
    case stderr = 2
    /// An in-band daemon error (moby's `Systemerr`).
    case systemError = 3
}
