import BerthCore

/// docker's formatter imageContext and the row expansion of `docker images`: one row per
/// repository:tag (per digest with --digests), `<none>` rows for untagged images.
public enum ImageContext {
    public static let defaultTableFormat = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
    public static let digestTableFormat = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"

    public static let headers: [String: String] = [
        "ID": "IMAGE ID", "Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST", "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT", "Size": "SIZE", "Containers": "CONTAINERS", "VirtualSize": "VIRTUAL SIZE",
        "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE",
    ]

    /// reference.FamiliarName: docker.io/library/x → x, docker.io/u/x → u/x.
    static func familiar(_ name: String) -> String {
        if name.hasPrefix("docker.io/library/") { return String(name.dropFirst(18)) }
        if name.hasPrefix("docker.io/") { return String(name.dropFirst(10)) }
        return name
    }

    /// Splits "repo:tag" where the tag follows the last ':' after the last '/'.
    static func splitTag(_ ref: String) -> (String, String)? {
        guard let colon = ref.lastIndex(of: ":") else { return nil }
        if let slash = ref.lastIndex(of: "/"), slash > colon { return nil }
        return (String(ref[..<colon]), String(ref[ref.index(after: colon)...]))
    }

    /// `digests` is docker's needDigest (--digests, or a format using `{{.Digest}}`): each tag row is
    /// repeated per digest. `digestFlag` (--digests itself) decides whether a digest-only repository
    /// gets one row per digest or a single row with an empty digest.
    public static func rows(_ img: JSONValue, digests showDigests: Bool, digestFlag: Bool? = nil, truncate: Bool, now: Int64) -> [TemplateValue] {
        let digestFlag = digestFlag ?? showDigests
        var repoTags: [(String, [String])] = []
        for ref in img["RepoTags"]?.array?.compactMap({ $0.string }) ?? [] where ref != "<none>:<none>" {
            guard let (repo, tag) = splitTag(ref) else { continue }
            let name = familiar(repo)
            if let i = repoTags.firstIndex(where: { $0.0 == name }) { repoTags[i].1.append(tag) } else { repoTags.append((name, [tag])) }
        }
        var repoDigests: [(String, [String])] = []
        for ref in img["RepoDigests"]?.array?.compactMap({ $0.string }) ?? [] where ref != "<none>@<none>" {
            guard let at = ref.firstIndex(of: "@") else { continue }
            let name = familiar(String(ref[..<at]))
            let digest = String(ref[ref.index(after: at)...])
            if let i = repoDigests.firstIndex(where: { $0.0 == name }) { repoDigests[i].1.append(digest) } else { repoDigests.append((name, [digest])) }
        }
        var rows: [(String, String, String)] = []
        for (repo, tags) in repoTags {
            var digests = repoDigests.first(where: { $0.0 == repo })?.1 ?? []
            repoDigests.removeAll { $0.0 == repo }
            if !showDigests { digests = [] }
            for tag in tags {
                if digests.isEmpty { rows.append((repo, tag, "<none>")); continue }
                for d in digests { rows.append((repo, tag, d)) }
            }
        }
        for (repo, digests) in repoDigests {
            if digestFlag { for d in digests { rows.append((repo, "<none>", d)) } } else { rows.append((repo, "<none>", "")) }
        }
        if rows.isEmpty { rows.append(("<none>", "<none>", "<none>")) }
        return rows.map { make(img, repo: $0.0, tag: $0.1, digest: $0.2, truncate: truncate, now: now) }
    }

    static func make(_ img: JSONValue, repo: String, tag: String, digest: String, truncate: Bool, now: Int64) -> TemplateValue {
        let id = img["Id"]?.string ?? ""
        let created = img["Created"]?.int64 ?? 0
        let size = img["Size"]?.int64 ?? 0
        let shared = img["SharedSize"]?.int64 ?? -1
        let containers = img["Containers"]?.int64 ?? -1
        var r = TemplateRecord(typeName: "*formatter.imageContext")
        r.set("Containers", .string(containers < 0 ? "N/A" : String(containers)))
        r.set("CreatedAt", .string(LocalTime.goString(unix: created)))
        r.set("CreatedSince", .string(HumanUnits.duration(seconds: Double(now - created)) + " ago"))
        r.set("Digest", .string(digest))
        r.set("ID", .string(truncate ? TextTruncation.id(id) : id))
        r.set("Repository", .string(repo))
        r.set("SharedSize", .string(shared < 0 ? "N/A" : HumanUnits.size(Double(shared), precision: 4)))
        r.set("Size", .string(HumanUnits.size(Double(size))))
        r.set("Tag", .string(tag))
        r.set("UniqueSize", .string(shared < 0 ? "N/A" : HumanUnits.size(Double(size - shared), precision: 4)))
        r.set("VirtualSize", .string(HumanUnits.size(Double(img["VirtualSize"]?.int64 ?? size), precision: 4)))
        r.marshalEscapesHTML = true
        return .record(r)
    }
}
