import BerthCore
import BerthLinux

/// The log drivers Berth supports and where each keeps its files.
///
/// `local` is a simplification: Docker's local driver writes protobuf frames to
/// `<container dir>/local-logs/container.log` with compression; Berth's writes the json-file format
/// to that path, with the local driver's defaults (20 MB x 5 files) and without compression, so the
/// same reader serves both.
public enum LogDriver: String, Sendable, Equatable {
    case jsonFile = "json-file"
    case local
    case none

    public init(name: String) throws {
        guard let driver = LogDriver(rawValue: name.isEmpty ? "json-file" : name) else {
            throw BerthError(.invalidArgument, "logger: no log driver named '\(name)' is registered")
        }
        self = driver
    }

    /// The log file for a container, or nil for `none`.
    public func logPath(containerDirectory: String, containerID: String) -> String? {
        switch self {
        case .jsonFile: return JSONFileLogWriter.defaultPath(containerDirectory: containerDirectory, containerID: containerID)
        case .local: return containerDirectory + "/local-logs/container.log"
        case .none: return nil
        }
    }

    /// Validates `options` and opens the writer (creating local-logs/ for `local`).
    public func makeWriter(containerDirectory: String, containerID: String, options: [String: String]) throws -> any ContainerLogWriter {
        switch self {
        case .none:
            return NoneLogWriter()
        case .jsonFile, .local:
            let parsed = try LogDriverOptions(driver: rawValue, options: options)
            guard let path = logPath(containerDirectory: containerDirectory, containerID: containerID) else { return NoneLogWriter() }
            if self == .local { try FileIO.mkdirAll(containerDirectory + "/local-logs", mode: 0o700) }
            return try JSONFileLogWriter(path: path, options: parsed)
        }
    }

    /// The reader for `docker logs`; nil for `none` (dockerd answers "configured logging driver does not support reading").
    public func makeReader(containerDirectory: String, containerID: String) -> JSONFileLogReader? {
        logPath(containerDirectory: containerDirectory, containerID: containerID).map(JSONFileLogReader.init(path:))
    }
}
