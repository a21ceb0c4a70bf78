/// Splits dockerd's optional `/v{version}` path prefix off a request path and checks the version.
struct VersionedPath: Equatable {
    /// The version as written in the path (`1.50`), nil when the path has no prefix.
    var versionText: String?
    /// The path without the prefix, starting with `/`.
    var path: String

    init(versionText: String?, path: String) {
        self.versionText = versionText
        self.path = path
    }

    init(_ path: String) {
        // dockerd's pattern is `/v{version:[0-9.]+}/...`.
        guard path.hasPrefix("/v") else {
            self.versionText = nil
            self.path = path
            return
        }
        let afterV = path.dropFirst(2)
        let versionEnd = afterV.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? afterV.endIndex
        let version = afterV[..<versionEnd]
        let rest = afterV[versionEnd...]
        guard !version.isEmpty, rest.isEmpty || rest.hasPrefix("/") else {
            self.versionText = nil
            self.path = path
            return
        }
        self.versionText = String(version)
        self.path = rest.isEmpty ? "/" : String(rest)
    }

    /// The negotiated version, or a 400 with dockerd's exact text when outside the supported range.
    func negotiate(minimum: APIVersion, maximum: APIVersion) throws -> APIVersion {
        guard let versionText else { return maximum }
        guard let version = APIVersion(versionText) else {
            throw HTTPError(.badRequest, "client version \(versionText) is too old. Minimum supported API version is \(minimum), please upgrade your client to a newer version")
        }
        if version > maximum {
            throw HTTPError(.badRequest, "client version \(versionText) is too new. Maximum supported API version is \(maximum)")
        }
        if version < minimum {
            throw HTTPError(.badRequest, "client version \(versionText) is too old. Minimum supported API version is \(minimum), please upgrade your client to a newer version")
        }
        return version
    }
}
