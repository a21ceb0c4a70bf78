#if canImport(Glibc)
import Glibc
#endif

/// Builds the tar `berth cp` uploads from a local path: the path itself under `rootName` (docker
/// renames the root entry to the destination's base name), recursing into directories.
public struct TarPacker {
    let emit: ([UInt8]) throws -> Void
    let followLink: Bool

    public init(followLink: Bool = false, emit: @escaping ([UInt8]) throws -> Void) {
        self.followLink = followLink
        self.emit = emit
    }

    public func pack(_ path: String, as rootName: String) throws {
        try add(path, name: rootName, top: true)
        try emit([UInt8](repeating: 0, count: 1024))
    }

    func add(_ path: String, name: String, top: Bool) throws {
        var st = stat()
        let rc = (top && followLink) ? stat(path, &st) : lstat(path, &st)
        guard rc == 0 else { throw CLIError.message("lstat \(path): \(LocalFile.errnoText())", status: 1) }
        let kind = st.st_mode & S_IFMT
        var h = TarHeader(name: name, mode: UInt32(st.st_mode & 0o7777), type: 0x30)
        h.uid = Int(st.st_uid)
        h.gid = Int(st.st_gid)
        h.mtime = Int64(st.st_mtim.tv_sec)
        switch kind {
        case S_IFDIR:
            h.type = 0x35
            h.name = name.hasSuffix("/") ? name : name + "/"
            try emit(h.encode())
            for child in try Self.list(path) {
                try add(path + "/" + child, name: h.name + child, top: false)
            }
        case S_IFLNK:
            h.type = 0x32
            h.linkName = try Self.readLink(path)
            try emit(h.encode())
        case S_IFREG:
            h.size = Int(st.st_size)
            try emit(h.encode())
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw CLIError.message("open \(path): \(LocalFile.errnoText())", status: 1) }
            defer { close(fd) }
            var remaining = h.size
            let read = InputBody.reader(fd)
            while remaining > 0, let chunk = try read() {
                let piece = Array(chunk.prefix(remaining))
                try emit(piece)
                remaining -= piece.count
            }
            if remaining > 0 { try emit([UInt8](repeating: 0, count: remaining)) }
            let pad = (512 - h.size % 512) % 512
            if pad > 0 { try emit([UInt8](repeating: 0, count: pad)) }
        default:
            // Sockets, fifos and devices are skipped, as they cannot be meaningfully copied.
            return
        }
    }

    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw CLIError.message("open \(path): \(LocalFile.errnoText())", status: 1) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func readLink(_ path: String) throws -> String {
        var buf = [CChar](repeating: 0, count: 4097)
        let n = readlink(path, &buf, 4096)
        guard n >= 0 else { throw CLIError.message("readlink \(path): \(LocalFile.errnoText())", status: 1) }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
