public struct Seccomp: Codable, Sendable, Equatable {
    public var defaultAction: String
    public var defaultErrnoRet: UInt32?
    public var architectures: [String]?
    public var flags: [String]?
    public var listenerPath: String?
    public var listenerMetadata: String?
    public var syscalls: [SeccompSyscall]?
    public init(defaultAction: String, syscalls: [SeccompSyscall]? = nil) {
        self.defaultAction = defaultAction
        self.syscalls = syscalls
    }
}

public struct SeccompSyscall: Codable, Sendable, Equatable {
    public var names: [String]
    public var action: String
    public var errnoRet: UInt32?
    public var args: [SeccompArg]?
    public init(names: [String], action: String, errnoRet: UInt32? = nil, args: [SeccompArg]? = nil) {
        self.names = names
        self.action = action
        self.errnoRet = errnoRet
        self.args = args
    }
}

public struct SeccompArg: Codable, Sendable, Equatable {
    public var index: UInt
    public var value: UInt64
    public var valueTwo: UInt64?
    public var op: String
    public init(index: UInt, value: UInt64, valueTwo: UInt64? = nil, op: String) {
        self.index = index
        self.value = value
        self.valueTwo = valueTwo
        self.op = op
    }
}

/// What the runtime sends to a seccomp agent at `listenerPath`, next to the notify fd (config-linux.md).
public struct ContainerProcessState: Codable, Sendable, Equatable {
    public var ociVersion: String
    public var fds: [String]
    public var pid: Int32
    public var metadata: String?
    public var state: State
    public init(ociVersion: String, fds: [String], pid: Int32, metadata: String?, state: State) {
        self.ociVersion = ociVersion
        self.fds = fds
        self.pid = pid
        self.metadata = metadata
        self.state = state
    }
}
