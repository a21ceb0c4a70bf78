import BerthCore
import CCompression

/// zlib deflate with a gzip wrapper (header mtime 0, so the same tar gives the same blob),
/// handing compressed bytes to `sink` as they are produced.
final class GzipCompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private static let chunk = 1 << 18
    private let outputBase = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)

    init(level: Int32 = Z_DEFAULT_COMPRESSION, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.sink = sink
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: a 32 KiB window with a gzip header and trailer.
        guard deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            outputBase.deallocate()
            throw BerthError(.system, "cannot initialise zlib compression")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        outputBase.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(bytes.count)
        try pump(flush: Z_NO_FLUSH)
    }

    func finish() throws {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try pump(flush: Z_FINISH)
    }

    private func pump(flush: Int32) throws {
        while true {
            stream.pointee.next_out = outputBase.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(Self.chunk)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw BerthError(.system, "gzip compression failed", cause: "zlib error \(status)")
            }
            let produced = Self.chunk - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(start: outputBase, count: produced)) }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && produced < Self.chunk {
                return
            }
        }
    }
}
