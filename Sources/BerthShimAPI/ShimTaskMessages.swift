// Params and results of the shim calls. Optional fields are left out of the JSON when nil
// (synthesized Codable uses encodeIfPresent), so old and new peers tolerate each other.

/// `connect`: who answers on this socket.
public struct ConnectResponse: Codable, Sendable, Equatable {
    public var shimPid: Int32
    /// 0 until `create` succeeded.
    public var initPid: Int32
    public var version: String

    public init(shimPid: Int32, initPid: Int32, version: String) {
        self.shimPid = shimPid
        self.initPid = initPid
        self.version = version
    }
}

/// `create`: the task's init process. Stdio paths are FIFOs (any may be empty: /dev/null); `logPath`
/// instead appends stdout and stderr to one file. With `terminal`, stdout carries the pty output and
/// stderr is unused.
public struct CreateRequest: Codable, Sendable, Equatable {
    public var id: String
    public var bundle: String
    /// A runc-compatible binary: a path or a name looked up in PATH. Empty: berth-runtime.
    public var runtime: String?
    /// The runtime's `--root`. Empty: the runtime's default.
    public var runtimeRoot: String?
    public var terminal: Bool
    public var stdin: String?
    public var stdout: String?
    public var stderr: String?
    public var logPath: String?
    public var options: CreateOptions?

    public init(id: String, bundle: String, runtime: String? = nil, runtimeRoot: String? = nil, terminal: Bool = false,
                stdin: String? = nil, stdout: String? = nil, stderr: String? = nil, logPath: String? = nil,
                options: CreateOptions? = nil) {
        self.id = id
        self.bundle = bundle
        self.runtime = runtime
        self.runtimeRoot = runtimeRoot
        self.terminal = terminal
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.logPath = logPath
        self.options = options
    }

    /// `terminal` may be left out (false).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        bundle = try c.decodeIfPresent(String.self, forKey: .bundle) ?? ""
        runtime = try c.decodeIfPresent(String.self, forKey: .runtime)
        runtimeRoot = try c.decodeIfPresent(String.self, forKey: .runtimeRoot)
        terminal = try c.decodeIfPresent(Bool.self, forKey: .terminal) ?? false
        stdin = try c.decodeIfPresent(String.self, forKey: .stdin)
        stdout = try c.decodeIfPresent(String.self, forKey: .stdout)
        stderr = try c.decodeIfPresent(String.self, forKey: .stderr)
        logPath = try c.decodeIfPresent(String.self, forKey: .logPath)
        options = try c.decodeIfPresent(CreateOptions.self, forKey: .options)
    }
}

/// runc create flags a caller may need.
public struct CreateOptions: Codable, Sendable, Equatable {
    public var noPivotRoot: Bool?
    public var noNewKeyring: Bool?

    public init(noPivotRoot: Bool? = nil, noNewKeyring: Bool? = nil) {
        self.noPivotRoot = noPivotRoot
        self.noNewKeyring = noNewKeyring
    }
}

/// Result of `create`, `start` and `exec`: the process's host pid (0 for an exec not started yet).
public struct PidResponse: Codable, Sendable, Equatable {
    public var pid: Int32

    public init(pid: Int32) { self.pid = pid }
}

/// Params of calls that address one process: nil or empty `execID` is the init.
public struct ProcessRequest: Codable, Sendable, Equatable {
    public var execID: String?

    public init(execID: String? = nil) { self.execID = execID }
}

public enum ProcessStatus: String, Codable, Sendable {
    case created, running, paused, stopped, unknown

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = ProcessStatus(rawValue: raw) ?? .unknown
    }
}

/// `state`.
public struct StateResponse: Codable, Sendable, Equatable {
    public var id: String
    public var execID: String?
    public var pid: Int32
    public var status: ProcessStatus
    public var exitStatus: UInt32
    /// RFC 3339 with nanoseconds; nil until the process exited.
    public var exitedAt: String?
    public var terminal: Bool
    public var stdin: String?
    public var stdout: String?
    public var stderr: String?
    public var bundle: String

    public init(id: String, execID: String?, pid: Int32, status: ProcessStatus, exitStatus: UInt32, exitedAt: String?,
                terminal: Bool, stdin: String?, stdout: String?, stderr: String?, bundle: String) {
        self.id = id
        self.execID = execID
        self.pid = pid
        self.status = status
        self.exitStatus = exitStatus
        self.exitedAt = exitedAt
        self.terminal = terminal
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.bundle = bundle
    }
}

/// `kill`: `all` signals every process of the container (init only).
public struct KillRequest: Codable, Sendable, Equatable {
    public var execID: String?
    public var signal: Int32
    public var all: Bool

    public init(execID: String? = nil, signal: Int32, all: Bool = false) {
        self.execID = execID
        self.signal = signal
        self.all = all
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        execID = try c.decodeIfPresent(String.self, forKey: .execID)
        signal = try c.decode(Int32.self, forKey: .signal)
        all = try c.decodeIfPresent(Bool.self, forKey: .all) ?? false
    }
}

/// Result of `delete` and `wait`: how the process ended.
public struct ExitResponse: Codable, Sendable, Equatable {
    public var pid: Int32
    /// Exit code, or 128 + signal when killed by a signal (containerd's convention).
    public var exitStatus: UInt32
    public var exitedAt: String?

    public init(pid: Int32, exitStatus: UInt32, exitedAt: String?) {
        self.pid = pid
        self.exitStatus = exitStatus
        self.exitedAt = exitedAt
    }
}

/// `exec`: registers an additional process; `start` with its execID runs it. `spec` is the OCI
/// runtime-spec Process object as JSON text.
public struct ExecRequest: Codable, Sendable, Equatable {
    public var execID: String
    public var spec: String
    public var terminal: Bool
    public var stdin: String?
    public var stdout: String?
    public var stderr: String?

    public init(execID: String, spec: String, terminal: Bool = false, stdin: String? = nil, stdout: String? = nil, stderr: String? = nil) {
        self.execID = execID
        self.spec = spec
        self.terminal = terminal
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        execID = try c.decode(String.self, forKey: .execID)
        spec = try c.decode(String.self, forKey: .spec)
        terminal = try c.decodeIfPresent(Bool.self, forKey: .terminal) ?? false
        stdin = try c.decodeIfPresent(String.self, forKey: .stdin)
        stdout = try c.decodeIfPresent(String.self, forKey: .stdout)
        stderr = try c.decodeIfPresent(String.self, forKey: .stderr)
    }
}

/// One process of the container, from the runtime's `ps`; `execID` names the exec it belongs to.
public struct ShimProcessInfo: Codable, Sendable, Equatable {
    public var pid: Int32
    public var execID: String?

    public init(pid: Int32, execID: String? = nil) {
        self.pid = pid
        self.execID = execID
    }
}

public struct PidsResponse: Codable, Sendable, Equatable {
    public var processes: [ShimProcessInfo]

    public init(processes: [ShimProcessInfo]) { self.processes = processes }
}

/// `resizePty`, in character cells.
public struct ResizePtyRequest: Codable, Sendable, Equatable {
    public var execID: String?
    public var width: UInt32
    public var height: UInt32

    public init(execID: String? = nil, width: UInt32, height: UInt32) {
        self.execID = execID
        self.width = width
        self.height = height
    }
}

/// `closeIO`: closes the process's stdin (the container reads EOF).
public struct CloseIORequest: Codable, Sendable, Equatable {
    public var execID: String?
    public var stdin: Bool

    public init(execID: String? = nil, stdin: Bool = true) {
        self.execID = execID
        self.stdin = stdin
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        execID = try c.decodeIfPresent(String.self, forKey: .execID)
        stdin = try c.decodeIfPresent(Bool.self, forKey: .stdin) ?? true
    }
}

/// `stats`: the runtime's `events --stats` document, verbatim.
public struct StatsResponse: Codable, Sendable, Equatable {
    public var json: String

    public init(json: String) { self.json = json }
}

/// `update`: an OCI LinuxResources object as JSON text, handed to `runtime update -r -`.
public struct UpdateRequest: Codable, Sendable, Equatable {
    public var resources: String

    public init(resources: String) { self.resources = resources }
}

/// `shutdown`: without `now`, refused while a process still runs.
public struct ShutdownRequest: Codable, Sendable, Equatable {
    public var now: Bool

    public init(now: Bool = false) { self.now = now }

    public init(from decoder: any Decoder) throws {
        now = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .now) ?? false
    }
}
