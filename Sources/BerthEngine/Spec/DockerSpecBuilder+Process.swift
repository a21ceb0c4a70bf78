import BerthCore
import BerthLinux
import BerthOCI

extension DockerSpecBuilder {
    func makeProcess(container: ContainerSpecInput, image: ImageConfig.ExecutionConfig?, hostname: String,
                     modes: ContainerNamespaceModes, security: SecurityOptions) throws -> Process {
        let args = try Self.command(entrypoint: container.entrypoint, cmd: container.cmd, image: image)
        let cwd = try Self.workingDirectory(container.workingDir, image: image?.workingDir)
        if createWorkingDirectory && cwd != "/" {
            let path = try SecureJoin.resolve(root: environment.rootfsPath, cwd)
            if !FileIO.exists(path) { try FileIO.mkdirAll(path, mode: 0o755) }
        }
        let userSpec = container.user.isEmpty ? (image?.user ?? "") : container.user
        let user = try ContainerUserResolver(rootfs: environment.rootfsPath).resolve(userSpec, groupAdd: container.groupAdd)

        var process = Process(terminal: container.tty ? true : nil, user: user, args: args,
                              env: Self.environment(user: container.env, image: image?.env ?? [], hostname: hostname, tty: container.tty),
                              cwd: cwd)
        if container.tty, let size = container.consoleSize, size.count == 2, size[0] > 0 || size[1] > 0 {
            process.consoleSize = Box(height: size[0], width: size[1])
        }
        let caps = try CapabilityTweaker.tweak(add: container.capAdd, drop: container.capDrop, privileged: container.privileged,
                                               available: environment.allCapabilities)
        // moby SetCapabilities: a non-root user only gets the bounding set, like execve would leave it.
        process.capabilities = user.uid == 0
            ? Capabilities(bounding: caps, effective: caps, permitted: caps)
            : Capabilities(bounding: caps)
        process.rlimits = try Self.rlimits(container.ulimits)
        if security.noNewPrivileges { process.noNewPrivileges = true }
        process.oomScoreAdj = container.oomScoreAdj
        return process
    }

    /// The argv docker runs: the image's Entrypoint/Cmd merged with the request's (moby daemon merge +
    /// getEntrypointAndArgs). A user Entrypoint drops the image Cmd; `--entrypoint ""` (an empty, non-nil
    /// entrypoint) clears the image's entrypoint but keeps its Cmd; a user Cmd replaces the image Cmd.
    public static func command(entrypoint: [String]?, cmd: [String]?, image: ImageConfig.ExecutionConfig?) throws -> [String] {
        var entrypoint = entrypoint
        var cmd = cmd ?? []
        if (entrypoint ?? []).isEmpty {
            if cmd.isEmpty { cmd = image?.cmd ?? [] }
            if entrypoint == nil { entrypoint = image?.entrypoint }
        }
        let argv = (entrypoint ?? []) + cmd
        guard !argv.isEmpty else { throw BerthError(.invalidArgument, "no command specified") }
        return argv
    }

    /// The request's WorkingDir, else the image's, else `/`; it must be absolute (dockerd's check), and is cleaned.
    public static func workingDirectory(_ requested: String, image: String?) throws -> String {
        let dir = requested.isEmpty ? (image ?? "") : requested
        if dir.isEmpty { return "/" }
        guard dir.hasPrefix("/") else {
            throw BerthError(.invalidArgument, "the working directory '\(dir)' is invalid, it needs to be an absolute path")
        }
        return BindMountSpec.cleanPath(dir)
    }

    /// dockerd's environment: PATH (default), HOSTNAME, TERM=xterm with a TTY, then the container's
    /// variables (the request's first, then the image's that the request does not name) replacing or
    /// appending by name; `KEY` without `=` unsets it.
    public static func environment(user: [String], image: [String], hostname: String, tty: Bool) -> [String] {
        var merged = user
        if user.isEmpty {
            merged = image
        } else {
            let userKeys = Set(user.map(envKey))
            merged += image.filter { !userKeys.contains(envKey($0)) }
        }
        var env = ["PATH=" + DockerDefaults.pathEnv, "HOSTNAME=" + hostname]
        if tty { env.append("TERM=xterm") }
        return replaceOrAppend(env, overrides: merged)
    }

    /// moby's ReplaceOrAppendEnvValues, except that a later duplicate in `overrides` replaces an earlier one.
    static func replaceOrAppend(_ defaults: [String], overrides: [String]) -> [String] {
        var values: [String?] = defaults
        var index: [String: Int] = [:]
        for (i, entry) in defaults.enumerated() { index[envKey(entry)] = i }
        for entry in overrides {
            guard entry.contains("=") else {
                if let i = index[entry] { values[i] = nil }
                continue
            }
            let key = envKey(entry)
            if let i = index[key] {
                values[i] = entry
            } else {
                index[key] = values.count
                values.append(entry)
            }
        }
        return values.compactMap { $0 }
    }

    static func envKey(_ entry: String) -> String {
        entry.firstIndex(of: "=").map { String(entry[..<$0]) } ?? entry
    }

    /// `--ulimit` → RLIMIT_*; names and soft <= hard checked like go-units' ParseUlimit.
    static func rlimits(_ ulimits: [ContainerSpecInput.Ulimit]) throws -> [Rlimit]? {
        guard !ulimits.isEmpty else { return nil }
        return try ulimits.map { limit in
            let type = "RLIMIT_" + limit.name.uppercased()
            guard Rlimits.resource(named: type) != nil else { throw BerthError(.invalidArgument, "invalid ulimit type: \(limit.name)") }
            if limit.soft > limit.hard && limit.hard >= 0 {
                throw BerthError(.invalidArgument,
                                 "ulimit soft limit must be less than or equal to hard limit: \(limit.soft) > \(limit.hard)")
            }
            // -1 is "unlimited" in the API; RLIM_INFINITY is all ones.
            return Rlimit(type: type, hard: UInt64(bitPattern: limit.hard), soft: UInt64(bitPattern: limit.soft))
        }
    }
}
