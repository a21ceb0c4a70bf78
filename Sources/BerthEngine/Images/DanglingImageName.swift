/// Supervisor image records are names; an image that has lost (or never had) a name is kept under
/// `moby-dangling@<manifest digest>`, the name moby's containerd image store uses, so the same
/// store can be read by either. The `@` keeps it from ever parsing as a repository:tag (exports
/// write no RepoTag for it) and the engine hides it from RepoTags: it shows as `<none>:<none>`.
public enum DanglingImageName {
    public static let prefix = "moby-dangling@"

    public static func name(forTarget digest: String) -> String { prefix + digest }

    public static func isDangling(_ recordName: String) -> Bool { recordName.hasPrefix(prefix) }
}
