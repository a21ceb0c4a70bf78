import BerthCore
import BerthLinux
import Foundation
import Testing

@testable import BerthEngine

@Suite struct JSONFileLogTests {
    static let t0: Int64 = 1_700_000_000_123_456_789

    func entry(_ text: String, _ stream: LogEntry.Stream = .stdout, at offset: Int64 = 0) -> LogEntry {
        LogEntry(stream: stream, timestamp: Self.t0 + offset, message: Array(text.utf8))
    }

    @Test func lineFormatIsMobys() {
        let line = String(decoding: JSONLogLine.encode(entry("hello <b>&\"x\"\t\u{2028}\n")), as: UTF8.self)
        #expect(line == #"{"log":"hello \u003cb\u003e\u0026\"x\"\u0009\u2028\n","stream":"stdout","time":"2023-11-14T22:13:20.123456789Z"}"# + "\n")
        let invalid = LogEntry(stream: .stderr, timestamp: 1_000_000_000, message: [0x66, 0xFF, 0x0A])
        #expect(String(decoding: JSONLogLine.encode(invalid), as: UTF8.self)
                    == #"{"log":"f\ufffd\n","stream":"stderr","time":"1970-01-01T00:00:01Z"}"# + "\n")
        let decoded = JSONLogLine.decode(Array(JSONLogLine.encode(entry("é ✓ \u{2028}x\n", .stderr))).dropLast())
        #expect(decoded == entry("é ✓ \u{2028}x\n", .stderr))
    }

    @Test func timeParsing() {
        #expect(LogTime.parse("2023-11-14T22:13:20.123456789Z") == Self.t0)
        #expect(LogTime.parse("2023-11-14T23:13:20.123456789+01:00") == Self.t0)
        #expect(LogTime.parse("2023-11-14T22:13:20Z") == Self.t0 - 123_456_789)
        #expect(LogTime.parse("2023-11-14T22:13:20.5Z") == Self.t0 - 123_456_789 + 500_000_000)
        #expect(LogTime.parse("yesterday") == nil)
        #expect(LogTime.format(Self.t0 - 123_456_789 + 500_000_000) == "2023-11-14T22:13:20.5Z")
        #expect(LogTime.formatFixed(Self.t0 - 123_456_789 + 500_000_000) == "2023-11-14T22:13:20.500000000Z")
    }

    @Test func options() throws {
        #expect(try LogDriverOptions(driver: "json-file", options: [:]) == LogDriverOptions(maxSize: nil, maxFiles: 1))
        #expect(try LogDriverOptions(driver: "json-file", options: ["max-size": "10m", "max-file": "3"])
                    == LogDriverOptions(maxSize: 10 * 1024 * 1024, maxFiles: 3))
        #expect(try LogDriverOptions(driver: "local", options: [:]) == LogDriverOptions(maxSize: 20 * 1024 * 1024, maxFiles: 5, compress: true))
        #expect(try LogDriverOptions.parseSize("1.5k") == 1536)
        #expect(try LogDriverOptions.parseSize("2GB") == 2 * 1024 * 1024 * 1024)
        #expect(EngineTestSupport.errorMessage { _ = try LogDriverOptions(driver: "json-file", options: ["max-file": "0"]) }
                    == "max-file cannot be less than 1")
        #expect(EngineTestSupport.errorMessage { _ = try LogDriverOptions(driver: "json-file", options: ["max-file": "3"]) }
                    == "max-file cannot be set when max-size is not set")
        #expect(EngineTestSupport.errorMessage { _ = try LogDriverOptions(driver: "json-file", options: ["colour": "red"]) }
                    == "unknown log opt 'colour' for json-file log driver")
        #expect(EngineTestSupport.errorMessage { _ = try LogDriver(name: "syslog") } == "logger: no log driver named 'syslog' is registered")
    }

    @Test func rotationKeepsMaxFiles() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let path = dir + "/c-json.log"
        let writer = try JSONFileLogWriter(path: path, options: LogDriverOptions(maxSize: 200, maxFiles: 3))
        for i in 0..<20 { try writer.write(entry("line \(i)\n", at: Int64(i))) }
        writer.close()
        let reader = JSONFileLogReader(path: path)
        #expect(reader.files() == [path + ".2", path + ".1", path])
        #expect(!FileIO.exists(path + ".3"))
        let all = try reader.read(LogReadOptions())
        // Older lines were rotated away; what is left is contiguous and ends with the last line.
        #expect(all.last == entry("line 19\n", at: 19))
        let numbers = all.compactMap { Int(String(decoding: $0.message, as: UTF8.self).dropFirst(5).dropLast()) }
        #expect(numbers == Array((20 - numbers.count)..<20))
        #expect(numbers.count < 20)
        // Each file exceeds max-size by at most one line (the check happens before a write).
        for file in reader.files().dropLast() { #expect(try FileIO.read(file).count < 200 + 120) }
    }

    @Test func maxFileOneTruncates() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let path = dir + "/c-json.log"
        let writer = try JSONFileLogWriter(path: path, options: LogDriverOptions(maxSize: 100, maxFiles: 1))
        for i in 0..<10 { try writer.write(entry("line \(i)\n", at: Int64(i))) }
        writer.close()
        #expect(JSONFileLogReader(path: path).files() == [path])
        #expect(try JSONFileLogReader(path: path).read(LogReadOptions()).last == entry("line 9\n", at: 9))
    }

    @Test func tailSinceUntilAndStreams() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let path = dir + "/c-json.log"
        let writer = try JSONFileLogWriter(path: path, options: LogDriverOptions(maxSize: 300, maxFiles: 10))
        for i in 0..<30 { try writer.write(entry("m\(i)\n", i % 3 == 0 ? .stderr : .stdout, at: Int64(i) * 1_000_000_000)) }
        writer.close()
        let reader = JSONFileLogReader(path: path)
        #expect(reader.files().count > 2)
        func texts(_ o: LogReadOptions) throws -> [String] {
            try reader.read(o).map { String(decoding: $0.message.dropLast(), as: UTF8.self) }
        }
        #expect(try texts(LogReadOptions()).count == 30)
        #expect(try texts(LogReadOptions(tail: 3)) == ["m27", "m28", "m29"])
        #expect(try texts(LogReadOptions(tail: 0)) == [])
        #expect(try texts(LogReadOptions(since: Self.t0 + 25_000_000_000)) == ["m25", "m26", "m27", "m28", "m29"])
        #expect(try texts(LogReadOptions(until: Self.t0 + 2_000_000_000)) == ["m0", "m1", "m2"])
        #expect(try texts(LogReadOptions(since: Self.t0 + 10_000_000_000, until: Self.t0 + 12_500_000_000)) == ["m10", "m11", "m12"])
        // tail counts both streams, then the stream filter applies (dockerd's order).
        #expect(try texts(LogReadOptions(tail: 4, stdout: false)) == ["m27"])
        #expect(try texts(LogReadOptions(stdout: false)).count == 10)
    }

    @Test func followSeesGrowthAndRotation() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let path = dir + "/c-json.log"
        let writer = try JSONFileLogWriter(path: path, options: LogDriverOptions(maxSize: 250, maxFiles: 5))
        for i in 0..<3 { try writer.write(entry("old \(i)\n", at: Int64(i))) }

        let received = LockedArray()
        let done = LockedFlag()
        let reader = JSONFileLogReader(path: path)
        var options = LogReadOptions(tail: 1, follow: true)
        options.pollInterval = .milliseconds(10)
        let followOptions = options
        let thread = try BlockingThread {
            try? reader.follow(followOptions, shouldStop: { done.value }) { received.append(String(decoding: $0.message, as: UTF8.self)) }
        }
        // Let the follower read the history (the tail) before anything new arrives.
        let start = Date().addingTimeInterval(10)
        while received.count < 1 && Date() < start { usleep(5_000) }
        for i in 0..<15 {
            try writer.write(entry("new \(i)\n", at: Int64(100 + i)))
            usleep(20_000)
        }
        let deadline = Date().addingTimeInterval(10)
        while received.count < 16 && Date() < deadline { usleep(10_000) }
        done.set()
        thread.join()
        writer.close()
        #expect(reader.files().count > 1, "the writer should have rotated")
        #expect(received.values == ["old 2\n"] + (0..<15).map { "new \($0)\n" })
    }

    @Test func driverPathsAndFraming() throws {
        #expect(LogDriver.jsonFile.logPath(containerDirectory: "/c", containerID: "abc") == "/c/abc-json.log")
        #expect(LogDriver.local.logPath(containerDirectory: "/c", containerID: "abc") == "/c/local-logs/container.log")
        #expect(LogDriver.none.logPath(containerDirectory: "/c", containerID: "abc") == nil)
        let framed = DockerLogFrame.encode(entry("hi\n", .stderr), tty: false, timestamps: false)
        #expect(framed == [2, 0, 0, 0, 0, 0, 0, 3] + Array("hi\n".utf8))
        #expect(DockerLogFrame.encode(entry("hi\n"), tty: true, timestamps: true)
                    == Array("2023-11-14T22:13:20.123456789Z hi\n".utf8))
    }
}

/// Small thread-safe boxes for the follow test.
final class LockedArray: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ s: String) { lock.withLock { items.append(s) } }
    var values: [String] { lock.withLock { items } }
    var count: Int { lock.withLock { items.count } }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.withLock { flag = true } }
    var value: Bool { lock.withLock { flag } }
}
