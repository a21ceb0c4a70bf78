#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// errno as text, for error causes ("permission denied", like Go's syscall errors that runc prints).
public func errnoText(_ code: Int32 = errno) -> String {
    guard let cString = strerror(code) else { return "errno \(code)" }
    let text = String(cString: cString)
    guard let first = text.first else { return text }
    return first.lowercased() + text.dropFirst()
}

extension BerthError {
    /// A system-call failure, capturing errno at the call site.
    public static func sys(_ what: String, errno code: Int32 = errno) -> BerthError {
        BerthError(.system, what, cause: errnoText(code))
    }
}
