import BerthCore

/// An image configuration (OCI image-spec config, which is Docker's image JSON v1.2). The
/// execution parameters under `config` keep Docker's capitalised field names; `rootfs`, `history`
/// and the top level are lowercase. Only fields Berth reads or writes are modelled: configs are
/// stored and exported byte for byte, never re-encoded, so unknown fields survive.
public struct ImageConfig: Codable, Sendable, Equatable {
    public var created: String?
    public var author: String?
    public var architecture: String
    public var os: String
    public var osVersion: String?
    public var osFeatures: [String]?
    public var variant: String?
    public var config: ExecutionConfig?
    public var rootfs: RootFS
    public var history: [History]?

    enum CodingKeys: String, CodingKey {
        case created, author, architecture, os, variant, config, rootfs, history
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    public init(created: String? = nil, author: String? = nil, architecture: String, os: String,
                variant: String? = nil, config: ExecutionConfig? = nil, rootfs: RootFS, history: [History]? = nil) {
        self.created = created
        self.author = author
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.config = config
        self.rootfs = rootfs
        self.history = history
    }

    public var platform: Platform {
        Platform(os: os, architecture: architecture, variant: variant, osVersion: osVersion, osFeatures: osFeatures)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfNotEmpty(created, forKey: .created)
        try c.encodeIfNotEmpty(author, forKey: .author)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(os, forKey: .os)
        try c.encodeIfNotEmpty(osVersion, forKey: .osVersion)
        try c.encodeIfNotEmpty(osFeatures, forKey: .osFeatures)
        try c.encodeIfNotEmpty(variant, forKey: .variant)
        try c.encodeIfPresent(config, forKey: .config)
        try c.encode(rootfs, forKey: .rootfs)
        try c.encodeIfNotEmpty(history, forKey: .history)
    }

    /// The defaults a container starts with (the `config` object).
    public struct ExecutionConfig: Codable, Sendable, Equatable {
        public var user: String?
        /// Keys are `port/proto`; the values are empty objects in the JSON.
        public var exposedPorts: [String: EmptyObject]?
        public var env: [String]?
        public var entrypoint: [String]?
        public var cmd: [String]?
        public var volumes: [String: EmptyObject]?
        public var workingDir: String?
        public var labels: [String: String]?
        public var stopSignal: String?
        public var argsEscaped: Bool?
        /// Docker extension, not in the OCI spec.
        public var healthcheck: Healthcheck?
        /// Docker extension.
        public var onBuild: [String]?
        /// Docker extension.
        public var shell: [String]?

        enum CodingKeys: String, CodingKey {
            case user = "User", exposedPorts = "ExposedPorts", env = "Env", entrypoint = "Entrypoint", cmd = "Cmd"
            case volumes = "Volumes", workingDir = "WorkingDir", labels = "Labels", stopSignal = "StopSignal"
            case argsEscaped = "ArgsEscaped", healthcheck = "Healthcheck", onBuild = "OnBuild", shell = "Shell"
        }

        public init(user: String? = nil, exposedPorts: [String: EmptyObject]? = nil, env: [String]? = nil,
                    entrypoint: [String]? = nil, cmd: [String]? = nil, volumes: [String: EmptyObject]? = nil,
                    workingDir: String? = nil, labels: [String: String]? = nil, stopSignal: String? = nil,
                    healthcheck: Healthcheck? = nil, onBuild: [String]? = nil, shell: [String]? = nil) {
            self.user = user
            self.exposedPorts = exposedPorts
            self.env = env
            self.entrypoint = entrypoint
            self.cmd = cmd
            self.volumes = volumes
            self.workingDir = workingDir
            self.labels = labels
            self.stopSignal = stopSignal
            self.healthcheck = healthcheck
            self.onBuild = onBuild
            self.shell = shell
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfNotEmpty(user, forKey: .user)
            try c.encodeIfNotEmpty(exposedPorts, forKey: .exposedPorts)
            try c.encodeIfNotEmpty(env, forKey: .env)
            // Entrypoint and Cmd keep an explicit empty list: it resets the parent image's value.
            try c.encodeIfPresent(entrypoint, forKey: .entrypoint)
            try c.encodeIfPresent(cmd, forKey: .cmd)
            try c.encodeIfNotEmpty(volumes, forKey: .volumes)
            try c.encodeIfNotEmpty(workingDir, forKey: .workingDir)
            try c.encodeIfNotEmpty(labels, forKey: .labels)
            try c.encodeIfNotEmpty(stopSignal, forKey: .stopSignal)
            try c.encodeIfPresent(argsEscaped, forKey: .argsEscaped)
            try c.encodeIfPresent(healthcheck, forKey: .healthcheck)
            try c.encodeIfNotEmpty(onBuild, forKey: .onBuild)
            try c.encodeIfNotEmpty(shell, forKey: .shell)
        }
    }

    /// Docker's HEALTHCHECK. Durations are nanoseconds, as Go's time.Duration marshals.
    public struct Healthcheck: Codable, Sendable, Equatable {
        /// `[]` inherit, `["NONE"]` disabled, `["CMD", args...]` or `["CMD-SHELL", command]`.
        public var test: [String]?
        public var interval: Int64?
        public var timeout: Int64?
        public var startPeriod: Int64?
        public var startInterval: Int64?
        public var retries: Int?

        enum CodingKeys: String, CodingKey {
            case test = "Test", interval = "Interval", timeout = "Timeout", startPeriod = "StartPeriod"
            case startInterval = "StartInterval", retries = "Retries"
        }

        public init(test: [String]? = nil, interval: Int64? = nil, timeout: Int64? = nil, startPeriod: Int64? = nil,
                    startInterval: Int64? = nil, retries: Int? = nil) {
            self.test = test
            self.interval = interval
            self.timeout = timeout
            self.startPeriod = startPeriod
            self.startInterval = startInterval
            self.retries = retries
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfNotEmpty(test, forKey: .test)
            if let interval, interval != 0 { try c.encode(interval, forKey: .interval) }
            if let timeout, timeout != 0 { try c.encode(timeout, forKey: .timeout) }
            if let startPeriod, startPeriod != 0 { try c.encode(startPeriod, forKey: .startPeriod) }
            if let startInterval, startInterval != 0 { try c.encode(startInterval, forKey: .startInterval) }
            if let retries, retries != 0 { try c.encode(retries, forKey: .retries) }
        }
    }

    public struct RootFS: Codable, Sendable, Equatable {
        public var type: String
        public var diffIDs: [Digest]

        enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }

        public init(type: String = "layers", diffIDs: [Digest]) {
            self.type = type
            self.diffIDs = diffIDs
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            let texts = try c.decodeIfPresent([String].self, forKey: .diffIDs) ?? []
            diffIDs = try texts.enumerated().map { index, text in
                do { return try Digest(parsing: text) } catch let error as BerthError {
                    let path = c.codingPath + [CodingKeys.diffIDs, ArrayIndexKey(index)]
                    throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path, debugDescription: error.message))
                }
            }
        }
    }

    public struct History: Codable, Sendable, Equatable {
        public var created: String?
        public var createdBy: String?
        public var author: String?
        public var comment: String?
        public var emptyLayer: Bool?

        enum CodingKeys: String, CodingKey {
            case created, author, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }

        public init(created: String? = nil, createdBy: String? = nil, author: String? = nil, comment: String? = nil,
                    emptyLayer: Bool? = nil) {
            self.created = created
            self.createdBy = createdBy
            self.author = author
            self.comment = comment
            self.emptyLayer = emptyLayer
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfNotEmpty(created, forKey: .created)
            try c.encodeIfNotEmpty(createdBy, forKey: .createdBy)
            try c.encodeIfNotEmpty(author, forKey: .author)
            try c.encodeIfNotEmpty(comment, forKey: .comment)
            if emptyLayer == true { try c.encode(true, forKey: .emptyLayer) }
        }
    }
}

/// `{}`: the value type of Go's `map[string]struct{}` (ExposedPorts, Volumes).
public struct EmptyObject: Codable, Sendable, Hashable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: EmptyKey.self)
    }

    private struct EmptyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
