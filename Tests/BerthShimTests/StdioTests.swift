import BerthShimAPI
import Foundation
import Glibc
import Testing

@Suite(.enabled(if: ShimTestEnv.privileged, ShimTestEnv.skipReason))
struct StdioTests {
    @Test func stdoutAndStderrReachTheirFifos() throws {
        let h = try ShimHarness(args: ["sh", "-c", "echo to-out; echo to-err >&2; exit 0"])
        defer { h.cleanup() }
        let outPath = try h.makeFifo("out")
        let errPath = try h.makeFifo("err")
        let out = try FifoReader(outPath)
        let err = try FifoReader(errPath)
        try h.run(stdout: outPath, stderr: errPath)
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 0)
        #expect(out.readAll() == "to-out\n")
        #expect(err.readAll() == "to-err\n")
    }

    @Test func outputWaitsInTheFifoForALateReader() throws {
        let h = try ShimHarness(args: ["sh", "-c", "echo early bird"])
        defer { h.cleanup() }
        let outPath = try h.makeFifo("out")
        try h.run(stdout: outPath)
        // Nobody reads while the process runs and exits: the shim must not block or lose it.
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 0)
        #expect(try h.client.state().status == .stopped)
        let late = try FifoReader(outPath)
        #expect(late.readUntil("early bird\n", timeout: 5) == "early bird\n")
    }

    @Test func logFileGetsBothStreams() throws {
        let h = try ShimHarness(args: ["sh", "-c", "echo one; echo two >&2; echo three"])
        defer { h.cleanup() }
        let log = h.dir + "/container.log"
        try h.run(logPath: log)
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 0)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines == ["one", "two", "three"])
        #expect(text.hasPrefix("one\n"))
    }

    @Test func largeOutputIsCopiedCompletely() throws {
        // 1 MiB through a 64 KiB pipe: exercises the copier's partial writes and backpressure.
        let h = try ShimHarness(args: ["sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x"])
        defer { h.cleanup() }
        let log = h.dir + "/big.log"
        try h.run(logPath: log)
        #expect(try h.client.wait(timeoutMilliseconds: 30_000).exitStatus == 0)
        let size = (try FileManager.default.attributesOfItem(atPath: log)[.size] as? NSNumber)?.intValue
        #expect(size == 1_048_576)
    }

    @Test func stdinFifoReachesTheProcess() throws {
        let h = try ShimHarness(args: ["sh", "-c", "read line; echo got:$line; cat"])
        defer { h.cleanup() }
        let inPath = try h.makeFifo("in")
        let outPath = try h.makeFifo("out")
        let out = try FifoReader(outPath)
        try h.run(stdin: inPath, stdout: outPath)
        let writer = try FifoWriter(inPath)
        writer.write("hello shim\n")
        #expect(out.readUntil("got:hello shim\n").contains("got:hello shim"))
        writer.write("more\n")
        writer.close()  // EOF: cat ends, the process exits
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 0)
        #expect(out.readAll().contains("more"))
    }

    @Test func closeIOEndsStdin() throws {
        let h = try ShimHarness(args: ["sh", "-c", "cat; echo done"])
        defer { h.cleanup() }
        let inPath = try h.makeFifo("in")
        let outPath = try h.makeFifo("out")
        let out = try FifoReader(outPath)
        try h.run(stdin: inPath, stdout: outPath)
        let writer = try FifoWriter(inPath)  // held open: only closeIO can end the input
        writer.write("abc\n")
        #expect(out.readUntil("abc\n").contains("abc"))
        try h.client.closeIO()
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 0)
        #expect(out.readAll().contains("done"))
        writer.close()
    }

    @Test func terminalThroughConsoleSocket() throws {
        let h = try ShimHarness(args: ["sh", "-c", "read x; stty size; echo tty:$(tty)"], terminal: true)
        defer { h.cleanup() }
        let inPath = try h.makeFifo("in")
        let outPath = try h.makeFifo("out")
        let out = try FifoReader(outPath)
        try h.run(terminal: true, stdin: inPath, stdout: outPath)
        #expect(try h.client.state().terminal)
        try h.client.resizePty(width: 100, height: 40)
        let writer = try FifoWriter(inPath)
        writer.write("go\n")
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 0)
        let text = out.readAll()
        #expect(text.contains("40 100"), "stty saw the resize: \(text.debugDescription)")
        #expect(text.contains("tty:/dev/pts/"))
        writer.close()
    }
}
