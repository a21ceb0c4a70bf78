import BerthContent
import BerthCore
import CCompression
#if canImport(Glibc)
import Glibc
#endif

/// Reads a (possibly gzip- or zstd-compressed) tar stream from a file descriptor and hands out the
/// uncompressed bytes chunk by chunk, hashing both sides as they pass: the compressed digest
/// verifies the blob, the uncompressed one is the layer's diffID. Decompressing here rather than
/// in libarchive is what lets the diffID cover every byte, trailing padding included.
final class DecompressingReader {
    let name: String
    private(set) var compression: LayerCompression = .none
    private(set) var compressedSize: Int64 = 0
    private(set) var uncompressedSize: Int64 = 0
    /// Sees every uncompressed byte before it is returned (used to tee a layer into a gzip writer).
    var onUncompressed: ((UnsafeRawBufferPointer) throws -> Void)?

    private let fd: Int32
    /// nil when the caller already knows the compressed digest (content the store verified at commit).
    private let compressedHasher: SHA256Hasher?
    private let knownDigest: Digest?
    private let uncompressedHasher = SHA256Hasher()
    private static let chunk = 1 << 20
    private let inputBase = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
    private let outputBase = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
    private var inputStart = 0
    private var inputEnd = 0
    private var inputEOF = false
    private var finished = false
    private var zlib: UnsafeMutablePointer<z_stream>?
    private var zlibMemberDone = false
    private var zstd: OpaquePointer?
    private var zstdFrameDone = true

    /// `fd` stays owned by the caller; `name` labels errors ("layer sha256:…", a file path). With
    /// `knownDigest` the compressed bytes are not hashed again and `digests()` reports that digest.
    init(fd: Int32, name: String, knownDigest: Digest? = nil) throws {
        self.fd = fd
        self.name = name
        self.knownDigest = knownDigest
        compressedHasher = knownDigest == nil ? SHA256Hasher() : nil
        while inputEnd < 6 && !inputEOF { try fill() }
        do {
            compression = try LayerCompression.detect(Array(UnsafeRawBufferPointer(start: inputBase, count: inputEnd)))
        } catch let error as UnsupportedCompression {
            throw BerthError(.unsupported, "\(name): \(error.name) compression is not supported (gzip, zstd or plain tar only)")
        }
        switch compression {
        case .none:
            break
        case .gzip:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // 15 + 32: a 32 KiB window with automatic gzip/zlib header detection.
            guard inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                stream.deallocate()
                throw BerthError(.system, "\(name): cannot initialise zlib")
            }
            zlib = stream
        case .zstd:
            guard let context = ZSTD_createDStream() else { throw BerthError(.system, "\(name): cannot initialise zstd") }
            ZSTD_initDStream(context)
            zstd = context
        }
    }

    deinit {
        if let zlib {
            inflateEnd(zlib)
            zlib.deallocate()
        }
        if let zstd { ZSTD_freeDStream(zstd) }
        inputBase.deallocate()
        outputBase.deallocate()
    }

    /// The next uncompressed bytes, valid until the following call; nil at the end of the stream.
    func next() throws -> UnsafeRawBufferPointer? {
        while !finished {
            let produced: Int
            switch compression {
            case .none: produced = try nextPlain()
            case .gzip: produced = try nextGzip()
            case .zstd: produced = try nextZstd()
            }
            if produced > 0 {
                let chunk = UnsafeRawBufferPointer(start: outputBase, count: produced)
                uncompressedHasher.update(chunk)
                uncompressedSize += Int64(produced)
                try onUncompressed?(chunk)
                return chunk
            }
        }
        return nil
    }

    /// Reads (and hashes) the rest of the stream: what follows the tar's end-of-archive blocks is
    /// still part of the diffID and of the blob.
    func drain() throws {
        while try next() != nil {}
    }

    /// Digests once the stream is drained.
    func digests() throws -> (compressed: Digest, uncompressed: Digest) {
        try drain()
        let uncompressed = uncompressedHasher.finalize()
        return (knownDigest ?? compressedHasher?.finalize() ?? uncompressed, uncompressed)
    }

    private func fill() throws {
        if inputStart == inputEnd {
            inputStart = 0
            inputEnd = 0
        }
        guard inputEnd < Self.chunk, !inputEOF else { return }
        while true {
            let n = Glibc.read(fd, inputBase + inputEnd, Self.chunk - inputEnd)
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError(.system, "\(name): read", cause: errnoText())
            }
            if n == 0 {
                inputEOF = true
            } else {
                compressedHasher?.update(UnsafeRawBufferPointer(start: inputBase + inputEnd, count: n))
                compressedSize += Int64(n)
                inputEnd += n
            }
            return
        }
    }

    private func nextPlain() throws -> Int {
        if inputStart == inputEnd { try fill() }
        let n = inputEnd - inputStart
        if n == 0 {
            finished = true
            return 0
        }
        outputBase.copyMemory(from: inputBase + inputStart, byteCount: n)
        inputStart += n
        return n
    }

    private func nextGzip() throws -> Int {
        guard let stream = zlib else { return 0 }
        if inputStart == inputEnd { try fill() }
        if zlibMemberDone {
            // gzip allows concatenated members; anything after the last one must be another member.
            if inputStart == inputEnd && inputEOF {
                finished = true
                return 0
            }
            inflateReset(stream)
            zlibMemberDone = false
        }
        // With no input left inflate may still hold output; it reports Z_BUF_ERROR once it has none.
        stream.pointee.next_in = (inputBase + inputStart).assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(inputEnd - inputStart)
        stream.pointee.next_out = outputBase.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(Self.chunk)
        let status = inflate(stream, Z_NO_FLUSH)
        inputStart = inputEnd - Int(stream.pointee.avail_in)
        let produced = Self.chunk - Int(stream.pointee.avail_out)
        switch status {
        case Z_OK:
            break
        case Z_STREAM_END:
            zlibMemberDone = true
        case Z_BUF_ERROR:
            // No progress possible with this input: only valid when more input is coming.
            if inputEOF && inputStart == inputEnd && produced == 0 {
                throw BerthError(.invalidArgument, "\(name): truncated gzip stream (unexpected end of data)")
            }
        default:
            let detail = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
            throw BerthError(.invalidArgument, "\(name): invalid gzip data", cause: detail)
        }
        return produced
    }

    private func nextZstd() throws -> Int {
        guard let context = zstd else { return 0 }
        if inputStart == inputEnd { try fill() }
        let noInput = inputStart == inputEnd && inputEOF
        if noInput && zstdFrameDone {
            finished = true
            return 0
        }
        var source = ZSTD_inBuffer(src: inputBase + inputStart, size: inputEnd - inputStart, pos: 0)
        var sink = ZSTD_outBuffer(dst: outputBase, size: Self.chunk, pos: 0)
        let status = ZSTD_decompressStream(context, &sink, &source)
        if ZSTD_isError(status) != 0 {
            throw BerthError(.invalidArgument, "\(name): invalid zstd data", cause: String(cString: ZSTD_getErrorName(status)))
        }
        inputStart += source.pos
        // 0 means a frame just ended; anything else means the frame needs more input or output.
        zstdFrameDone = status == 0
        if noInput && sink.pos == 0 && !zstdFrameDone {
            throw BerthError(.invalidArgument, "\(name): truncated zstd stream (unexpected end of data)")
        }
        return sink.pos
    }
}
