/// A log driver's write side. Implementations are safe to call from the stdout and stderr pump
/// threads at once.
public protocol ContainerLogWriter: Sendable {
    func write(_ entry: LogEntry) throws
    func close()
}

/// The `none` driver: accepts everything and keeps nothing.
public struct NoneLogWriter: ContainerLogWriter {
    public init() {}
    public func write(_ entry: LogEntry) throws {}
    public func close() {}
}
