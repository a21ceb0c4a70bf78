import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// The l*xattr calls, which Swift's Glibc module does not import (sys/xattr.h is outside it). They are
/// looked up once through dlsym and called through C function pointers; a libc without them (none
/// known on Linux) makes every call fail with ENOTSUP, which callers treat as "no xattrs here".
enum ExtendedAttributes {
    private typealias ListFunction = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int
    private typealias GetFunction = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, Int) -> Int
    private typealias SetFunction = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeRawPointer?, Int, Int32) -> Int32

    private static let listSymbol = dlsym(nil, "llistxattr").map { unsafeBitCast($0, to: ListFunction.self) }
    private static let getSymbol = dlsym(nil, "lgetxattr").map { unsafeBitCast($0, to: GetFunction.self) }
    private static let setSymbol = dlsym(nil, "lsetxattr").map { unsafeBitCast($0, to: SetFunction.self) }

    /// Attribute names of `path` (not following symlinks).
    static func names(_ path: String) throws -> [String] {
        guard let list = listSymbol else { return [] }
        while true {
            let size = list(path, nil, 0)
            if size < 0 {
                if errno == ENOTSUP { return [] }
                throw BerthError.sys("llistxattr \(path)")
            }
            if size == 0 { return [] }
            var buffer = [CChar](repeating: 0, count: size)
            let listed = list(path, &buffer, size)
            if listed < 0 {
                if errno == ERANGE { continue }  // grew in between
                throw BerthError.sys("llistxattr \(path)")
            }
            return buffer[0..<listed].split(separator: 0).map {
                String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    static func value(_ path: String, _ name: String) throws -> [UInt8] {
        guard let get = getSymbol else { throw BerthError.sys("lgetxattr \(path) \(name)", errno: ENOTSUP) }
        while true {
            let size = get(path, name, nil, 0)
            guard size >= 0 else { throw BerthError.sys("lgetxattr \(path) \(name)") }
            var value = [UInt8](repeating: 0, count: size)
            let read = value.withUnsafeMutableBytes { get(path, name, $0.baseAddress, size) }
            if read < 0 {
                if errno == ERANGE { continue }
                throw BerthError.sys("lgetxattr \(path) \(name)")
            }
            return Array(value[0..<read])
        }
    }

    /// Returns false with errno set when the attribute cannot be set.
    static func set(_ path: String, _ name: String, _ value: [UInt8]) -> Bool {
        guard let set = setSymbol else {
            errno = ENOTSUP
            return false
        }
        return value.withUnsafeBytes { set(path, name, $0.baseAddress, $0.count, 0) } == 0
    }
}
