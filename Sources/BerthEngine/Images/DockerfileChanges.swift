import BerthCore
import BerthOCI
import FoundationEssentials

/// The `changes` of `docker commit -c` and `docker import -c`: Dockerfile instructions applied to an
/// image config. Only the instructions dockerd allows there (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,
/// ONBUILD, USER, VOLUME, WORKDIR, STOPSIGNAL); anything else is a 400 naming it. CMD and
/// ENTRYPOINT take the JSON form or the shell form (`/bin/sh -c …`); ENTRYPOINT resets CMD as in a
/// Dockerfile.
public enum DockerfileChanges {
    public static func apply(_ changes: [String], to config: inout ImageConfig.ExecutionConfig) throws {
        for text in changes {
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                try applyLine(trimmed, to: &config)
            }
        }
    }

    static func applyLine(_ line: String, to config: inout ImageConfig.ExecutionConfig) throws {
        let keyword: String
        let rest: String
        if let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            keyword = String(line[..<space]).uppercased()
            rest = line[space...].trimmingCharacters(in: .whitespaces)
        } else {
            keyword = line.uppercased()
            rest = ""
        }
        switch keyword {
        case "CMD":
            config.cmd = try commandForm(rest, keyword: keyword)
        case "ENTRYPOINT":
            config.entrypoint = try commandForm(rest, keyword: keyword)
            config.cmd = nil
        case "ENV":
            for (key, value) in try pairs(rest, keyword: keyword, legacySpaceForm: true) {
                var env = (config.env ?? []).filter { !$0.hasPrefix(key + "=") && $0 != key }
                env.append("\(key)=\(value)")
                config.env = env
            }
        case "LABEL":
            var labels = config.labels ?? [:]
            for (key, value) in try pairs(rest, keyword: keyword, legacySpaceForm: false) { labels[key] = value }
            config.labels = labels
        case "EXPOSE":
            var ports = config.exposedPorts ?? [:]
            for port in try words(rest) {
                let spec = port.contains("/") ? port.lowercased() : port + "/tcp"
                let number = spec.split(separator: "/").first.map(String.init) ?? ""
                guard !number.isEmpty, number.split(separator: "-").allSatisfy({ UInt16($0) != nil }) else {
                    throw BerthError(.invalidArgument, "invalid containerPort: \(port)")
                }
                ports[spec] = EmptyObject()
            }
            config.exposedPorts = ports
        case "USER":
            guard !rest.isEmpty else { throw BerthError(.invalidArgument, "USER requires exactly one argument") }
            config.user = rest
        case "WORKDIR":
            guard !rest.isEmpty else { throw BerthError(.invalidArgument, "WORKDIR requires exactly one argument") }
            let base = config.workingDir ?? "/"
            config.workingDir = rest.hasPrefix("/") ? rest : (base.hasSuffix("/") ? base : base + "/") + rest
        case "VOLUME":
            var volumes = config.volumes ?? [:]
            let paths = rest.hasPrefix("[") ? try jsonArray(rest, keyword: keyword) : try words(rest)
            guard !paths.isEmpty else { throw BerthError(.invalidArgument, "VOLUME requires at least one argument") }
            for path in paths where !path.isEmpty { volumes[path] = EmptyObject() }
            config.volumes = volumes
        case "STOPSIGNAL":
            guard !rest.isEmpty, !rest.contains(" ") else { throw BerthError(.invalidArgument, "STOPSIGNAL requires exactly one argument") }
            config.stopSignal = rest
        case "ONBUILD":
            guard !rest.isEmpty else { throw BerthError(.invalidArgument, "ONBUILD requires at least one argument") }
            config.onBuild = (config.onBuild ?? []) + [rest]
        default:
            throw BerthError(.invalidArgument, "\(keyword.lowercased()) is not a valid change command")
        }
    }

    static func commandForm(_ text: String, keyword: String) throws -> [String] {
        if text.hasPrefix("["), let parsed = try? jsonArray(text, keyword: keyword) { return parsed }
        guard !text.isEmpty else { return [] }
        return ["/bin/sh", "-c", text]
    }

    static func jsonArray(_ text: String, keyword: String) throws -> [String] {
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw BerthError(.invalidArgument, "\(keyword): not a JSON array of strings: \(text)")
        }
    }

    /// `k=v k2="v 2"`, or (ENV only) the legacy `KEY value with spaces`.
    static func pairs(_ text: String, keyword: String, legacySpaceForm: Bool) throws -> [(String, String)] {
        let parts = try words(text)
        guard let first = parts.first else { throw BerthError(.invalidArgument, "\(keyword) requires at least one argument") }
        if legacySpaceForm && !first.contains("=") {
            let value = text.dropFirst(first.count).trimmingCharacters(in: .whitespaces)
            return [(first, value)]
        }
        return try parts.map { part in
            guard let equals = part.firstIndex(of: "="), equals != part.startIndex else {
                throw BerthError(.invalidArgument, "\(keyword) names can not be blank: \(part)")
            }
            return (String(part[..<equals]), String(part[part.index(after: equals)...]))
        }
    }

    /// Splits on unquoted whitespace; double and single quotes group and are removed, `\` escapes.
    static func words(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" && quote != "'" { escaped = true; inWord = true; continue }
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "\"" || c == "'" { quote = c; inWord = true; continue }
            if c == " " || c == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(c)
            inWord = true
        }
        guard quote == nil else { throw BerthError(.invalidArgument, "unmatched quote in: \(text)") }
        if inWord { words.append(current) }
        return words
    }
}
