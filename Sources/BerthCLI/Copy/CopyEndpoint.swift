/// docker's splitCpArg: `CONTAINER:PATH` names a container path; anything starting with `/` or `.`
/// (or without a colon) is local, so `./a:b` stays a local file.
public enum CopyEndpoint: Equatable {
    case local(String)
    case container(String, String)

    public init(_ arg: String) {
        if arg.hasPrefix("/") || arg.hasPrefix(".") {
            self = .local(arg)
            return
        }
        guard let colon = arg.firstIndex(of: ":") else {
            self = .local(arg)
            return
        }
        self = .container(String(arg[..<colon]), String(arg[arg.index(after: colon)...]))
    }

    /// The last path element (`/etc/hostname` → `hostname`, `/etc/` → `etc`, `/` → `/`).
    public static func base(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        if p == "/" { return "/" }
        if p.hasSuffix("/.") { p.removeLast(2) }
        return p.split(separator: "/").last.map(String.init) ?? String(p)
    }

    /// The directory holding `path` (`/tmp/x` → `/tmp`, `x` → `.`).
    public static func parent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        let dir = p[..<slash]
        return dir.isEmpty ? "/" : String(dir)
    }
}
