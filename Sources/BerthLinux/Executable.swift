import BerthCore
import Glibc

/// PATH lookup and execve. Lookup happens before the container waits to be started, so a missing
/// binary fails `create` (as runc does) instead of a process that dies right after `start`.
public enum Executable {
    public static func lookup(_ name: String, env: [String]) throws -> String {
        if name.contains("/") {
            try checkExecutable(name)
            return name
        }
        let pathValue = env.last(where: { $0.hasPrefix("PATH=") }).map { String($0.dropFirst(5)) }
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        var sawPermission = false
        for dir in pathValue.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + name
            var st = stat()
            guard stat(candidate, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            sawPermission = true
        }
        if sawPermission {
            throw BerthError(.system, "exec: \"\(name)\": permission denied")
        }
        throw BerthError(.notFound, "exec: \"\(name)\": executable file not found in $PATH")
    }

    static func checkExecutable(_ path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw BerthError(.notFound, "exec: \"\(path)\": stat \(path): no such file or directory")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw BerthError(.system, "exec: \"\(path)\": is a directory") }
        if access(path, X_OK) != 0 { throw BerthError(.system, "exec: \"\(path)\": permission denied") }
    }

    /// execve; returns only on failure.
    public static func exec(path: String, args: [String], env: [String]) -> Int32 {
        var cArgs = args.map { strdup($0) }
        cArgs.append(nil)
        var cEnv = env.map { strdup($0) }
        cEnv.append(nil)
        execve(path, cArgs, cEnv)
        return errno
    }
}
