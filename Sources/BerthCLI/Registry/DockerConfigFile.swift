import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// The docker CLI's client configuration, `config.json` in `--config`, `$BERTH_CONFIG`, `$DOCKER_CONFIG`
/// or `~/.docker`: berth shares it with docker so one `login` serves both. Only the `auths` map is
/// interpreted; every other member (and unknown members of auth entries) is kept as read and written
/// back unchanged. Writes are atomic (temp file, fsync, rename) with mode 0600 in a 0700 directory.
public struct DockerConfigFile {
    public static let fileName = "config.json"

    /// The config.json path.
    public let path: String
    /// Top-level members as read.
    public private(set) var members: [String: JSONValue] = [:]
    /// Why an existing file could not be read or parsed. Such a file is never overwritten, so a
    /// hand-edited config with a typo is not replaced by one holding only credentials.
    public private(set) var loadError: String?

    /// Members of an auth entry that this type writes; the rest of an entry is carried over.
    static let authFields: Set<String> = ["username", "password", "auth", "email", "serveraddress", "identitytoken", "registrytoken"]

    public init(path: String) {
        self.path = path
    }

    /// The configuration directory: `--config`, then BERTH_CONFIG, DOCKER_CONFIG, then `$HOME/.docker`.
    public static func directory(flag: String?) -> String {
        directory(flag: flag, environment: GlobalOptions.environment)
    }

    static func directory(flag: String?, environment: (String) -> String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let dir = environment("BERTH_CONFIG") ?? environment("DOCKER_CONFIG") { return dir }
        return homeDirectory(environment: environment) + "/.docker"
    }

    static func homeDirectory(environment: (String) -> String?) -> String {
        if let home = environment("HOME") { return home }
        if let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir { return String(cString: dir) }
        return "/"
    }

    /// Reads `<directory>/config.json`; a missing or empty file is an empty configuration.
    public static func load(directory: String) -> DockerConfigFile {
        var file = DockerConfigFile(path: directory + "/" + fileName)
        guard access(file.path, F_OK) == 0 else { return file }
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.read(file.path)
        } catch let e as CLIError {
            file.loadError = e.stderrText.trimmingNewline()
            return file
        } catch {
            file.loadError = "\(file.path): \(error)"
            return file
        }
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return file }
        do {
            guard case .object(let members) = try JSONValue.parse(bytes) else {
                file.loadError = "\(file.path): json: cannot unmarshal into a configuration: not an object"
                return file
            }
            file.members = members
        } catch {
            file.loadError = "\(file.path): \(error)"
        }
        return file
    }

    /// The configuration a command uses (its global `--config`), warning like docker when it is unreadable.
    public static func load(_ ctx: CommandContext) -> DockerConfigFile {
        let file = load(directory: directory(flag: ctx.globals.config))
        if let why = file.loadError { ctx.stderr.write("WARNING: Error loading config file: \(why)\n") }
        return file
    }

    var auths: [String: JSONValue] {
        if case .object(let a) = members["auths"] { return a }
        return [:]
    }

    /// The servers with stored credentials, as keyed in the file.
    public var authKeys: [String] { auths.keys.sorted() }

    /// The entry stored under exactly `key`, decoded as docker's LoadFromReader does: `auth` is
    /// base64("user:password"), and the key becomes the server address.
    public func entry(_ key: String) -> RegistryAuthConfig? {
        guard let value = auths[key] else { return nil }
        var auth = RegistryAuthConfig(serverAddress: key)
        auth.username = value["username"]?.string ?? ""
        auth.password = value["password"]?.string ?? ""
        auth.email = value["email"]?.string ?? ""
        auth.identityToken = value["identitytoken"]?.string ?? ""
        auth.registryToken = value["registrytoken"]?.string ?? ""
        if let encoded = value["auth"]?.string, !encoded.isEmpty, let decoded = Base64.decode(encoded) {
            let text = String(decoding: decoded, as: UTF8.self)
            if let colon = text.firstIndex(of: ":"), colon > text.startIndex {
                auth.username = String(text[..<colon])
                auth.password = String(text[text.index(after: colon)...].filter { $0 != "\0" })
            }
        }
        return auth
    }

    /// The credentials for a registry (any spelling: `docker.io`, `https://index.docker.io/v1/`,
    /// `host:5000`, `https://host:5000`), as docker's file store resolves them: the exact key first,
    /// then any key naming the same host. Empty when not logged in.
    public func credentials(for server: String) -> RegistryAuthConfig {
        let key = RegistryAddress.authKey(server)
        if let exact = entry(key) { return exact }
        if server != key, let asTyped = entry(server) { return asTyped }
        for stored in authKeys where RegistryAddress.authKey(stored) == key {
            if let found = entry(stored) { return found }
        }
        return RegistryAuthConfig()
    }

    /// Records credentials under `auth.serverAddress`. Returns false (and changes nothing) when the
    /// same credentials are already stored, so an unchanged login does not rewrite the file.
    @discardableResult
    public mutating func store(_ auth: RegistryAuthConfig) -> Bool {
        let key = auth.serverAddress
        if let old = entry(key), old == auth { return false }
        var entryMembers: [String: JSONValue] = [:]
        if case .object(let old) = auths[key] {
            for (k, v) in old where !Self.authFields.contains(k) { entryMembers[k] = v }
        }
        if !auth.username.isEmpty || !auth.password.isEmpty {
            entryMembers["auth"] = .string(Base64.encode(Array((auth.username + ":" + auth.password).utf8)))
        }
        if !auth.email.isEmpty { entryMembers["email"] = .string(auth.email) }
        if !auth.identityToken.isEmpty { entryMembers["identitytoken"] = .string(auth.identityToken) }
        if !auth.registryToken.isEmpty { entryMembers["registrytoken"] = .string(auth.registryToken) }
        var all = auths
        all[key] = .object(entryMembers)
        members["auths"] = .object(all)
        return true
    }

    /// Removes the entry stored under exactly `key`; false when there was none.
    @discardableResult
    public mutating func erase(_ key: String) -> Bool {
        var all = auths
        guard all.removeValue(forKey: key) != nil else { return false }
        members["auths"] = .object(all)
        return true
    }

    /// The file's text: Go's json.MarshalIndent with tabs, `auths` first (docker's struct order), the
    /// other members sorted, auth entries in AuthConfig field order.
    public func serialized() -> String {
        var out = ""
        let entryOrder = ["auth", "email", "identitytoken", "registrytoken"]
        var authText = "{"
        for (i, key) in authKeys.enumerated() {
            if i > 0 { authText += "," }
            GoJSON.writeString(key, into: &authText, escapeHTML: true)
            authText += ":"
            guard case .object(let fields) = auths[key] else {
                (auths[key] ?? .null).writeGoJSON(into: &authText)
                continue
            }
            let known = entryOrder.filter { fields[$0] != nil }
            let rest = fields.keys.filter { !entryOrder.contains($0) }.sorted()
            JSONValue.writeObject((known + rest).map { ($0, fields[$0] ?? .null) }, into: &authText)
        }
        authText += "}"
        out += "{\"auths\":" + authText
        for key in members.keys.sorted() where key != "auths" {
            out += ","
            GoJSON.writeString(key, into: &out, escapeHTML: true)
            out += ":"
            (members[key] ?? .null).writeGoJSON(into: &out)
        }
        out += "}"
        return JSONIndenter.indent(Array(out.utf8), indent: "\t")
    }

    /// Writes the file atomically: a 0600 temp file beside it, fsync, rename over it (over a
    /// symlink's target when config.json is a symlink), then fsync of the directory.
    public func save() throws {
        if let loadError {
            throw CLIError.message("Error saving credentials: \(path) could not be loaded (\(loadError)); not overwriting it", status: 1)
        }
        let target = Self.resolveSymlink(path)
        let dir = Self.parent(target)
        try Self.makeDirectories(dir)
        var template = Array((target + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let base = buf.baseAddress else { return -1 }
            let fd = mkstemp(base)
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return fd
        }
        guard fd >= 0 else { throw Self.failure("create temp file in \(dir)") }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var done = false
        defer {
            if !done { unlink(temp) }
        }
        let bytes = Array(serialized().utf8)
        var ok = fchmod(fd, 0o600) == 0
        var offset = 0
        while ok && offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { ok = false; break }
            offset += n
        }
        if ok { ok = fsync(fd) == 0 }
        let why = ok ? "" : LocalFile.errnoText()
        close(fd)
        guard ok else { throw CLIError.message("Error saving credentials: write \(temp): \(why)", status: 1) }
        guard rename(temp, target) == 0 else { throw Self.failure("rename \(temp) \(target)") }
        done = true
        let dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    static func failure(_ what: String) -> CLIError {
        .message("Error saving credentials: \(what): \(LocalFile.errnoText())", status: 1)
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// os.MkdirAll(dir, 0700).
    static func makeDirectories(_ dir: String) throws {
        if LocalFile.isDirectory(dir) { return }
        let up = parent(dir)
        if up != dir && up != "." && up != "/" { try makeDirectories(up) }
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { throw failure("mkdir \(dir)") }
    }

    /// The file a symlinked config.json points at (followed even when dangling), else the path itself.
    static func resolveSymlink(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buf, buf.count - 1)
            guard n > 0 else { return current }
            let link = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : parent(current) + "/" + link
        }
        return current
    }
}

extension String {
    func trimmingNewline() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
