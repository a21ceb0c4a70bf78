import BerthEngineAPI
import BerthOCI

extension ImageCommitter {
    /// The image-config part of a container config.
    static func executionConfig(_ config: ContainerConfig) -> ImageConfig.ExecutionConfig {
        var out = ImageConfig.ExecutionConfig()
        out.user = config.user.isEmpty ? nil : config.user
        out.exposedPorts = config.exposedPorts.map { $0.mapValues { _ in BerthOCI.EmptyObject() } }
        out.env = config.env
        out.entrypoint = config.entrypoint
        out.cmd = config.cmd
        out.volumes = config.volumes.map { $0.mapValues { _ in BerthOCI.EmptyObject() } }
        out.workingDir = config.workingDir.isEmpty ? nil : config.workingDir
        out.labels = config.labels
        out.stopSignal = config.stopSignal.isEmpty ? nil : config.stopSignal
        out.onBuild = config.onBuild
        out.shell = config.shell
        out.argsEscaped = config.argsEscaped ? true : nil
        if let health = config.healthcheck {
            out.healthcheck = ImageConfig.Healthcheck(test: health.test, interval: health.interval, timeout: health.timeout,
                                                      startPeriod: health.startPeriod, startInterval: health.startInterval,
                                                      retries: health.retries)
        }
        return out
    }

    /// moby's `merge(userConf, imageConf)`: what `user` leaves unset comes from `inherited`; env,
    /// ports, volumes and labels are unions (the user's value wins per key); CMD is inherited only
    /// when the user set neither ENTRYPOINT nor CMD.
    static func merge(_ user: ImageConfig.ExecutionConfig, inheriting inherited: ImageConfig.ExecutionConfig) -> ImageConfig.ExecutionConfig {
        var out = user
        if (out.user ?? "").isEmpty { out.user = inherited.user }
        if let ports = inherited.exposedPorts {
            out.exposedPorts = ports.merging(out.exposedPorts ?? [:]) { _, mine in mine }
        }
        if let env = inherited.env {
            var merged = out.env ?? []
            let keys = Set(merged.map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0 })
            for entry in env where !keys.contains(entry.split(separator: "=", maxSplits: 1).first.map(String.init) ?? entry) {
                merged.append(entry)
            }
            out.env = merged
        }
        if let labels = inherited.labels {
            out.labels = labels.merging(out.labels ?? [:]) { _, mine in mine }
        }
        if (out.entrypoint ?? []).isEmpty {
            if (out.cmd ?? []).isEmpty {
                out.cmd = inherited.cmd
                out.argsEscaped = inherited.argsEscaped
            }
            if out.entrypoint == nil { out.entrypoint = inherited.entrypoint }
        }
        if out.healthcheck == nil { out.healthcheck = inherited.healthcheck }
        if (out.workingDir ?? "").isEmpty { out.workingDir = inherited.workingDir }
        if let volumes = inherited.volumes {
            out.volumes = volumes.merging(out.volumes ?? [:]) { _, mine in mine }
        }
        if (out.stopSignal ?? "").isEmpty { out.stopSignal = inherited.stopSignal }
        if (out.onBuild ?? []).isEmpty { out.onBuild = inherited.onBuild }
        if (out.shell ?? []).isEmpty { out.shell = inherited.shell }
        return out
    }
}
