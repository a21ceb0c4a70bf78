/// The raw duplex stream after `101 UPGRADED` (attach, exec start). Reads start with any bytes that
/// arrived together with the response header; `closeWrite()` half-closes when stdin ends, and the
/// daemon keeps sending output until the process exits.
public final class HijackedConnection {
    public let connection: SocketConnection
    /// Headers of the upgrade reply (Content-Type tells raw from multiplexed on API >= 1.42).
    public let headers: [String: String]

    init(connection: SocketConnection, headers: [String: String]) {
        self.connection = connection
        self.headers = headers
    }

    public func read(max: Int = 65536) throws -> [UInt8] { try connection.read(max: max) }
    public func write(_ bytes: [UInt8]) throws { try connection.writeAll(bytes) }
    public func closeWrite() { connection.closeWrite() }
    public func close() { connection.close() }
}
