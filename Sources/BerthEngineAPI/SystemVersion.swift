/// The answer to `GET /version`.
public struct SystemVersion: Codable, Sendable, Equatable {
    public var platform: SystemVersionPlatform?
    public var components: [SystemVersionComponent]?
    public var version: String = ""
    public var apiVersion: String = ""
    public var minAPIVersion: String = ""
    public var gitCommit: String = ""
    public var goVersion: String = ""
    public var os: String = ""
    public var arch: String = ""
    public var kernelVersion: String = ""
    public var experimental: Bool = false
    public var buildTime: String = ""

    public init(
        platform: SystemVersionPlatform? = nil,
        components: [SystemVersionComponent]? = nil,
        version: String = "",
        apiVersion: String = "",
        minAPIVersion: String = "",
        gitCommit: String = "",
        goVersion: String = "",
        os: String = "",
        arch: String = "",
        kernelVersion: String = "",
        experimental: Bool = false,
        buildTime: String = ""
    ) {
        self.platform = platform
        self.components = components
        self.version = version
        self.apiVersion = apiVersion
        self.minAPIVersion = minAPIVersion
        self.gitCommit = gitCommit
        self.goVersion = goVersion
        self.os = os
        self.arch = arch
        self.kernelVersion = kernelVersion
        self.experimental = experimental
        self.buildTime = buildTime
    }

    enum CodingKeys: String, GoJSONKey {
        case platform = "Platform"
        case components = "Components"
        case version = "Version"
        case apiVersion = "ApiVersion"
        case minAPIVersion = "MinAPIVersion"
        case gitCommit = "GitCommit"
        case goVersion = "GoVersion"
        case os = "Os"
        case arch = "Arch"
        case kernelVersion = "KernelVersion"
        case experimental = "Experimental"
        case buildTime = "BuildTime"

        var omitsEmpty: Bool {
            switch self {
            case .platform, .components, .minAPIVersion, .kernelVersion, .experimental, .buildTime: true
            default: false
            }
        }
    }
}
