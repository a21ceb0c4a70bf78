import BerthContent
import BerthCore
import BerthLinux
import BerthMetadata
import Glibc

/// A fresh directory under /tmp, removed afterwards even when the body fails.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/berth-metadata-test-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw BerthError.sys("mkdtemp") }
    let dir = String(cString: made)
    defer { FileIO.removeAll(dir) }
    return try body(dir)
}

func withStore<T>(_ body: (MetadataStore) throws -> T) throws -> T {
    try withTemporaryDirectory { dir in try body(try MetadataStore(root: dir)) }
}

func errorCode(_ body: () throws -> Void) -> BerthError.Code? {
    do {
        try body()
        return nil
    } catch let error as BerthError {
        return error.code
    } catch {
        return nil
    }
}

func errorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as BerthError {
        return error.message
    } catch {
        return "\(error)"
    }
}

let exampleDigest = Digest(sha256Hex: String(repeating: "ab", count: 32))
let otherDigest = Digest(sha256Hex: String(repeating: "cd", count: 32))
