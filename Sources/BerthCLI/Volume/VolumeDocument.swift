import BerthCore

/// `volume inspect` (and the volume case of `inspect`) print what the docker CLI re-marshals from
/// its typed volume.Volume, not the daemon's bytes: members in the Go struct's field order,
/// omitempty fields dropped when empty, Labels/Options `null` when absent, unknown members gone.
/// Doing the same keeps the output identical whatever order the daemon wrote.
public enum VolumeDocument {
    public static func marshal(_ raw: [UInt8]) throws -> [UInt8] {
        let v = try JSONValue.parse(raw)
        guard case .object(let o) = v else { return raw }
        var members: [(String, JSONValue)] = []
        func present(_ key: String) -> JSONValue? {
            guard let value = o[key], value != .null else { return nil }
            return value
        }
        if let cluster = present("ClusterVolume") { members.append(("ClusterVolume", cluster)) }
        if let created = o["CreatedAt"]?.string, !created.isEmpty { members.append(("CreatedAt", .string(created))) }
        members.append(("Driver", .string(o["Driver"]?.string ?? "")))
        members.append(("Labels", present("Labels") ?? .null))
        members.append(("Mountpoint", .string(o["Mountpoint"]?.string ?? "")))
        members.append(("Name", .string(o["Name"]?.string ?? "")))
        members.append(("Options", present("Options") ?? .null))
        members.append(("Scope", .string(o["Scope"]?.string ?? "")))
        if case .object(let status)? = present("Status"), !status.isEmpty { members.append(("Status", .object(status))) }
        if let usage = present("UsageData") {
            members.append(("UsageData", .object([
                "RefCount": .number(usage["RefCount"]?.int64.map { String($0) } ?? "0"),
                "Size": .number(usage["Size"]?.int64.map { String($0) } ?? "0"),
            ])))
        }
        var out = ""
        JSONValue.writeObject(members, into: &out)
        return Array(out.utf8)
    }

    /// GET /volumes/{name}, re-marshalled; a 404 stays `.missing` with the daemon's message.
    public static func fetch(_ client: EngineClient, _ name: String) throws -> Inspector.Found {
        switch try Inspector.fetch(client, "/volumes/\(URLQuery.escapePath(name))") {
        case .object(let raw): return .object(try marshal(raw))
        case .missing(let message): return .missing(daemonMessage: message)
        }
    }
}
