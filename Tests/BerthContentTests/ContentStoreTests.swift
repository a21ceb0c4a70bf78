import BerthContent
import BerthCore
import Foundation
import Testing

@Suite("content store")
struct ContentStoreTests {
    let root: String
    let store: ContentStore

    init() throws {
        root = NSTemporaryDirectory() + "berth-content-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        store = try ContentStore(root: root)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: root) }

    func sha256sum(_ bytes: [UInt8]) throws -> String {
        let path = root + "/sum-input"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(out.prefix(64))
    }

    @Test func ingestPublishesAVerifiedBlobUnderItsDigest() throws {
        defer { cleanup() }
        let bytes = Array("hello, content".utf8)
        let digest = try store.ingest(bytes)
        #expect(digest.encoded == (try sha256sum(bytes)), "libcrypto's digest equals sha256sum's")
        #expect(store.exists(digest))
        #expect(try store.readAll(digest) == bytes)
        #expect(try store.info(digest).size == Int64(bytes.count))
        #expect(try store.read(digest, offset: 7, size: 100) == Array("content".utf8))
        #expect(try store.list().map(\.digest) == [digest])
        // Ingesting the same bytes again is a no-op.
        #expect(try store.ingest(bytes) == digest)
        #expect(try store.ingests().isEmpty)
    }

    @Test func aWrongDigestOrSizeNeverBecomesABlob() throws {
        defer { cleanup() }
        let wrong = try Digest(parsing: "sha256:" + String(repeating: "0", count: 64))
        let writer = try store.writer(ref: "bad-digest", expected: wrong)
        try writer.write(Array("something else".utf8))
        #expect(throws: BerthError.self) { try writer.commit() }
        #expect(!store.exists(wrong))
        #expect(try store.list().isEmpty)

        let sized = try store.writer(ref: "bad-size", total: 3)
        #expect(throws: BerthError.self) { try sized.write(Array("four".utf8)) }
        sized.discard()
        #expect(try store.list().isEmpty)
        #expect(try store.ingests().isEmpty)
    }

    @Test func anInterruptedIngestResumesWhereItStopped() throws {
        defer { cleanup() }
        let whole = (0..<200_000).map { UInt8($0 % 251) }
        let first = try store.writer(ref: "resumable", total: Int64(whole.count))
        try first.write(Array(whole[0..<70_000]))
        first.close()
        let status = try store.status(ref: "resumable")
        #expect(status.offset == 70_000)
        #expect(status.total == Int64(whole.count))

        let second = try store.writer(ref: "resumable")
        #expect(second.offset == 70_000)
        try second.write(Array(whole[70_000...]))
        let digest = try second.commit()
        #expect(digest.encoded == (try sha256sum(whole)))
        #expect(try store.readAll(digest) == whole)
        #expect(try store.ingests().isEmpty)
    }

    @Test func oneWriterPerRefAndAbort() throws {
        defer { cleanup() }
        let writer = try store.writer(ref: "locked")
        #expect(throws: BerthError.self) { _ = try store.writer(ref: "locked") }
        #expect(throws: BerthError.self) { try store.abort(ref: "locked") }
        try writer.write([1, 2, 3])
        writer.close()
        try store.abort(ref: "locked")
        #expect(try store.ingests().isEmpty)
        #expect(throws: BerthError.self) { try store.abort(ref: "locked") }
    }

    @Test func refsAreHashedSoNoRefEscapesTheIngestDirectory() throws {
        defer { cleanup() }
        let writer = try store.writer(ref: "../../etc/evil")
        try writer.write([42])
        writer.close()
        let entries = try FileManager.default.contentsOfDirectory(atPath: root)
        #expect(Set(entries) == ["blobs", "ingest"])
        #expect(try store.ingests().map(\.ref) == ["../../etc/evil"])
    }

    @Test func malformedDigestsAreRefused() {
        defer { cleanup() }
        for text in ["sha256", "md5:abc", "sha256:ABC", "sha256:" + String(repeating: "a", count: 63), "sha256:../../x"] {
            #expect(throws: BerthError.self) { _ = try Digest(parsing: text) }
        }
    }

    @Test func missingContentIsNotFound() throws {
        defer { cleanup() }
        let absent = try Digest(parsing: "sha256:" + String(repeating: "b", count: 64))
        do {
            _ = try store.info(absent)
            Issue.record("expected notFound")
        } catch let error as BerthError {
            #expect(error.code == .notFound)
            #expect(error.message.contains(absent.description))
        }
    }
}
