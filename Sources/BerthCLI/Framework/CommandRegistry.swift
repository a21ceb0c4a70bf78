/// Every verb the CLI knows. To add one: write `Sources/BerthCLI/<Noun>/<Noun><Verb>Command.swift`
/// with `static let spec = CommandSpec(path: ["noun", "verb"], aliases: [["verb"]], ...)` and append
/// it to `all`. Lookup takes the longest path or alias matching the leading words.
public enum CommandRegistry {
    public static let all: [CommandSpec] = [
        ContainerListCommand.spec,
        ContainerInspectCommand.spec,
        ContainerCreateCommand.spec,
        ContainerRunCommand.spec,
        ContainerStartCommand.spec,
        ContainerStopCommand.spec,
        ContainerRestartCommand.spec,
        ContainerKillCommand.spec,
        ContainerPauseCommand.spec,
        ContainerUnpauseCommand.spec,
        ContainerRemoveCommand.spec,
        ContainerWaitCommand.spec,
        ContainerRenameCommand.spec,
        ContainerAttachCommand.spec,
        ContainerLogsCommand.spec,
        ContainerExecCommand.spec,
        ContainerTopCommand.spec,
        ContainerDiffCommand.spec,
        ContainerPortCommand.spec,
        ContainerExportCommand.spec,
        ContainerStatsCommand.spec,
        ContainerUpdateCommand.spec,
        ContainerPruneCommand.spec,
        ContainerCommitCommand.spec,
        ContainerCopyCommand.spec,
        ImageTagCommand.spec,
        ImageRemoveCommand.spec,
        ImageHistoryCommand.spec,
        ImagePruneCommand.spec,
        ImageSaveCommand.spec,
        ImageLoadCommand.spec,
        ImageImportCommand.spec,
        ImagePullCommand.spec,
        ImagePushCommand.spec,
        RegistryLoginCommand.spec,
        RegistryLogoutCommand.spec,
        RegistrySearchCommand.spec,
        SystemDiskUsageCommand.spec,
        SystemPruneCommand.spec,
        ImageListCommand.spec,
        ImageInspectCommand.spec,
        SystemInfoCommand.spec,
        SystemEventsCommand.spec,
        VersionCommand.spec,
        InspectCommand.spec,
        VolumeCreateCommand.spec,
        VolumeListCommand.spec,
        VolumeInspectCommand.spec,
        VolumeRemoveCommand.spec,
        VolumePruneCommand.spec,
        NetworkCreateCommand.spec,
        NetworkListCommand.spec,
        NetworkInspectCommand.spec,
        NetworkRemoveCommand.spec,
        NetworkPruneCommand.spec,
        NetworkConnectCommand.spec,
        NetworkDisconnectCommand.spec,
    ]

    /// Management command groups and their summaries (`berth container` prints the group help).
    public static let groups: [String: String] = [
        "container": "Manage containers",
        "image": "Manage images",
        "network": "Manage networks",
        "system": "Manage Berth",
        "volume": "Manage volumes",
    ]

    /// The spec matching the leading words, and how many words named it.
    public static func lookup(_ words: [String]) -> (CommandSpec, Int)? {
        var best: (CommandSpec, Int)?
        for spec in all {
            for name in [spec.path] + spec.aliases where name.count <= words.count && Array(words.prefix(name.count)) == name {
                if best == nil || name.count > (best?.1 ?? 0) { best = (spec, name.count) }
            }
        }
        return best
    }
}
