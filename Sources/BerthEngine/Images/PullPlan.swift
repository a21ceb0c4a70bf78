import BerthOCI
import BerthRegistry

/// What a pull will fetch, found before the progress stream starts so that an unknown image or a
/// refused login is an ordinary error response, as dockerd answers it.
public struct PullPlan: Sendable {
    public let reference: ImageReference
    let session: RegistrySession
    /// What the reference named: an index or a manifest. Its digest is the repo digest.
    let top: FetchedManifest
    /// The image manifest for the chosen platform (the top document itself for a single manifest).
    let manifestDocument: FetchedManifest
    let manifest: Manifest

    /// `sha256:…` as reported in `Digest:` and RepoDigests.
    public var repoDigest: String { top.digest.description }
}
