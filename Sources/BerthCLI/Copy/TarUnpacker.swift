#if canImport(Glibc)
import Glibc
#endif

/// Extracts the tar `GET /containers/{id}/archive` returns into a local directory, renaming the root
/// entry when the destination is a new name (docker's archive.CopyTo rebase). Entries never leave
/// the destination: names with `..` components are rejected.
public struct TarUnpacker {
    let destination: String
    /// (old root, new root): `hostname` → `out` when copying to a path that does not exist yet.
    let rename: (String, String)?
    var pending: [UInt8] = []
    var header: TarHeader?
    var remaining = 0
    var padding = 0
    var fd: Int32 = -1
    var paxPath: String?
    var paxLink: String?
    var longName: [UInt8]?
    var collecting: UInt8?
    var collected: [UInt8] = []
    var directories: [(String, TarHeader)] = []

    public init(destination: String, rename: (String, String)?) {
        self.destination = destination
        self.rename = rename
    }

    public mutating func feed(_ bytes: [UInt8]) throws {
        pending += bytes
        var offset = 0
        defer { pending.removeFirst(offset) }
        while true {
            if remaining > 0 {
                let n = min(remaining, pending.count - offset)
                if n == 0 { return }
                let piece = Array(pending[offset..<(offset + n)])
                if collecting != nil { collected += piece } else if fd >= 0 { try write(piece) }
                offset += n
                remaining -= n
                if remaining == 0 { try finishEntry() }
                continue
            }
            if padding > 0 {
                let n = min(padding, pending.count - offset)
                if n == 0 { return }
                offset += n
                padding -= n
                continue
            }
            guard pending.count - offset >= 512 else { return }
            let block = Array(pending[offset..<(offset + 512)])
            offset += 512
            guard var h = TarHeader.decode(block) else { continue }
            padding = (512 - h.size % 512) % 512
            if h.type == 0x78 || h.type == 0x4C || h.type == 0x4B || h.type == 0x67 {
                collecting = h.type
                collected = []
                remaining = h.size
                if remaining == 0 { try finishEntry() }
                continue
            }
            if let p = paxPath { h.name = p }
            if let l = paxLink { h.linkName = l }
            if let l = longName { h.name = String(decoding: l.prefix { $0 != 0 }, as: UTF8.self) }
            paxPath = nil; paxLink = nil; longName = nil
            try begin(h)
            remaining = h.type == 0x30 ? h.size : 0
            if remaining == 0 { try finishEntry() }
        }
    }

    /// Applies directory modes last (a read-only directory would refuse its own children).
    public mutating func finish() {
        for (path, h) in directories.reversed() {
            chmod(path, mode_t(h.mode))
            var times = [timespec(tv_sec: Int(h.mtime), tv_nsec: 0), timespec(tv_sec: Int(h.mtime), tv_nsec: 0)]
            utimensat(AT_FDCWD, path, &times, 0)
        }
    }

    func localPath(_ name: String) throws -> String {
        var n = name
        while n.hasPrefix("./") { n.removeFirst(2) }
        while n.hasPrefix("/") { n.removeFirst() }
        while n.hasSuffix("/") { n.removeLast() }
        if let (old, new) = rename {
            if n == old { n = new } else if n.hasPrefix(old + "/") { n = new + n.dropFirst(old.count) }
        }
        guard !n.split(separator: "/").contains("..") else {
            throw CLIError.message("invalid tar entry name: \(name)", status: 1)
        }
        return n.isEmpty ? destination : destination + "/" + n
    }

    mutating func begin(_ h: TarHeader) throws {
        header = h
        let path = try localPath(h.name)
        switch h.type {
        case 0x35:
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure("mkdir", path) }
            directories.append((path, h))
        case 0x32:
            unlink(path)
            if symlink(h.linkName, path) != 0 { throw failure("symlink", path) }
        case 0x31:
            unlink(path)
            if link(try localPath(h.linkName), path) != 0 { throw failure("link", path) }
        case 0x30:
            unlink(path)
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(h.mode))
            if fd < 0 { throw failure("open", path) }
        default:
            break
        }
    }

    mutating func finishEntry() throws {
        if let kind = collecting {
            collecting = nil
            if kind == 0x78 || kind == 0x67 {
                for (k, v) in Self.paxRecords(collected) {
                    if k == "path" { paxPath = v }
                    if k == "linkpath" { paxLink = v }
                }
            } else if kind == 0x4C {
                longName = collected
            } else {
                paxLink = String(decoding: collected.prefix { $0 != 0 }, as: UTF8.self)
            }
            return
        }
        if fd >= 0 {
            if let h = header {
                fchmod(fd, mode_t(h.mode))
                Self.setTimes(fd: fd, h.mtime)
            }
            close(fd)
            fd = -1
        }
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw CLIError.message("write: \(LocalFile.errnoText())", status: 1) }
            offset += n
        }
    }

    /// Keeps the archive's modification time, as docker cp does.
    static func setTimes(fd: Int32, _ mtime: Int64) {
        var times = [timespec(tv_sec: Int(mtime), tv_nsec: 0), timespec(tv_sec: Int(mtime), tv_nsec: 0)]
        futimens(fd, &times)
    }

    func failure(_ op: String, _ path: String) -> CLIError {
        .message("\(op) \(path): \(LocalFile.errnoText())", status: 1)
    }

    /// `<len> key=value\n` records.
    static func paxRecords(_ data: [UInt8]) -> [(String, String)] {
        var out: [(String, String)] = []
        var i = 0
        while i < data.count {
            guard let space = data[i...].firstIndex(of: 0x20),
                  let length = Int(String(decoding: data[i..<space], as: UTF8.self)), length > 0, i + length <= data.count else { break }
            let record = data[(space + 1)..<(i + length - 1)]
            if let eq = record.firstIndex(of: 0x3D) {
                out.append((String(decoding: record[..<eq], as: UTF8.self), String(decoding: record[(eq + 1)...], as: UTF8.self)))
            }
            i += length
        }
        return out
    }
}
