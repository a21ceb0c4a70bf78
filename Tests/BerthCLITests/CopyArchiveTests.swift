import Foundation
import Glibc
import Testing
@testable import BerthCLI

/// cp's own tar writer and reader: a directory tree survives a round trip, the root is renamed the
/// way docker's CopyTo rebases it, long names use PAX, and `..` entries are refused.
struct CopyArchiveTests {
    func tempDir() -> String {
        var template = Array("/tmp/berth-cli-cp-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf -> Bool in
            guard let base = buf.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        return made ? String(cString: template) : "/tmp"
    }

    func write(_ path: String, _ text: String) {
        let f = fopen(path, "w")
        fputs(text, f)
        fclose(f)
    }

    func read(_ path: String) -> String {
        (try? LocalFile.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? "<missing>"
    }

    @Test func roundTripWithRename() throws {
        let src = tempDir(), dst = tempDir()
        defer {
            try? FileManager.default.removeItem(atPath: src)
            try? FileManager.default.removeItem(atPath: dst)
        }
        mkdir(src + "/d", 0o755)
        mkdir(src + "/d/sub", 0o700)
        let long = String(repeating: "n", count: 120)
        write(src + "/d/sub/f", "hello")
        write(src + "/d/" + long, "long")
        symlink("sub/f", src + "/d/link")
        var tar: [UInt8] = []
        try TarPacker { tar += $0 }.pack(src + "/d", as: "d")
        #expect(tar.count % 512 == 0)
        var unpacker = TarUnpacker(destination: dst, rename: ("d", "copy"))
        // Feed in odd-sized pieces: entries straddle reads from the daemon.
        var i = 0
        while i < tar.count {
            try unpacker.feed(Array(tar[i..<min(i + 333, tar.count)]))
            i += 333
        }
        unpacker.finish()
        #expect(read(dst + "/copy/sub/f") == "hello")
        #expect(read(dst + "/copy/" + long) == "long")
        #expect(read(dst + "/copy/link") == "hello")
        #expect(LocalFile.mode(dst + "/copy/sub").map { $0 & 0o777 } == 0o700)
    }

    @Test func refusesEscapingNames() throws {
        var h = TarHeader(name: "../evil", mode: 0o644, type: 0x30)
        h.size = 0
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var unpacker = TarUnpacker(destination: dir, rename: nil)
        #expect(throws: CLIError.self) { try unpacker.feed(h.encode()) }
    }

    @Test func headerRoundTrip() {
        var h = TarHeader(name: "etc/hostname", mode: 0o644, type: 0x30)
        h.size = 13
        h.mtime = 1_700_000_000
        let block = h.encode()
        #expect(block.count == 512)
        #expect(TarHeader.decode(block) == h)
        #expect(TarHeader.decode([UInt8](repeating: 0, count: 512)) == nil)
    }
}
