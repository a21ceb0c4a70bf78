import BerthCore
import Foundation
import Glibc
import Testing

@testable import BerthEngine

/// Collects entries in memory.
final class MemoryLogWriter: ContainerLogWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [LogEntry] = []
    func write(_ entry: LogEntry) throws { lock.withLock { stored.append(entry) } }
    func close() {}
    var entries: [LogEntry] { lock.withLock { stored } }
}

@Suite struct StdioPumpTests {
    func writeFIFO(_ path: String, _ chunks: [[UInt8]]) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        for chunk in chunks {
            _ = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            usleep(5_000)
        }
        close(fd)
    }

    @Test func copiesBothStreamsIntoLines() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let out = dir + "/stdout", err = dir + "/stderr"
        #expect(mkfifo(out, 0o600) == 0 && mkfifo(err, 0o600) == 0)
        let writer = MemoryLogWriter()
        let pump = StdioPump(stdout: out, stderr: err, writer: writer, clock: { 42 })
        try pump.start()
        // Nothing has connected yet: the pump must wait rather than see EOF.
        usleep(300_000)
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 40_000)
        let w1 = try BlockingThread { writeFIFO(out, [Array("hel".utf8), Array("lo\nwor".utf8), Array("ld\n".utf8), long + [10], Array("tail".utf8)]) }
        let w2 = try BlockingThread { writeFIFO(err, [Array("oops\n".utf8)]) }
        w1.join()
        w2.join()
        let problems = pump.wait()
        #expect(problems.isEmpty)
        let stdout = writer.entries.filter { $0.stream == .stdout }.map(\.message)
        #expect(stdout.count == 6)
        #expect(stdout.prefix(2) == [Array("hello\n".utf8), Array("world\n".utf8)])
        // 40 000 bytes + newline: two 16 KiB partial messages, then the rest with its newline.
        #expect(stdout[2].count == 16_384 && stdout[2].last == UInt8(ascii: "x"))
        #expect(stdout[3].count == 16_384)
        #expect(stdout[4] == [UInt8](repeating: UInt8(ascii: "x"), count: 40_000 - 32_768) + [10])
        // Unterminated output at EOF is a final partial message.
        #expect(stdout[5] == Array("tail".utf8))
        #expect(writer.entries.filter { $0.stream == .stderr }.map(\.message) == [Array("oops\n".utf8)])
        #expect(writer.entries.allSatisfy { $0.timestamp == 42 })
    }

    @Test func feedsTheJSONFileLogWithoutAClient() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let out = dir + "/stdout"
        #expect(mkfifo(out, 0o600) == 0)
        let writer = try LogDriver.jsonFile.makeWriter(containerDirectory: dir, containerID: "abc", options: ["max-size": "1m"])
        let pump = StdioPump(stdout: out, stderr: nil, writer: writer)
        try pump.start()
        let w = try BlockingThread { writeFIFO(out, [Array("one\ntwo\n".utf8)]) }
        w.join()
        pump.wait()
        writer.close()
        let entries = try JSONFileLogReader(path: dir + "/abc-json.log").read(LogReadOptions())
        #expect(entries.map(\.message) == [Array("one\n".utf8), Array("two\n".utf8)])
    }

    @Test func stopEndsAPumpNobodyWritesTo() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let out = dir + "/stdout"
        #expect(mkfifo(out, 0o600) == 0)
        let pump = StdioPump(stdout: out, stderr: nil, writer: NoneLogWriter())
        try pump.start()
        pump.stop()
        pump.wait()
        #expect(EngineTestSupport.errorMessage { try StdioPump(stdout: dir + "/missing", stderr: nil, writer: NoneLogWriter()).start() }?
                    .hasPrefix("open \(dir)/missing") == true)
    }
}
