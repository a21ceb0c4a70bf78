#if canImport(Glibc)
import Glibc
#endif

/// docker's opts.ParseEnvFile / ReadKVStrings for --env-file and --label-file: one `KEY=value` a line,
/// `#` comments and blank lines skipped; a bare `KEY` in an env file takes the caller's environment
/// (and is dropped when unset).
public enum KeyValueFile {
    public static func read(_ path: String, env: Bool) throws -> [String] {
        let bytes = try LocalFile.read(path)
        var out: [String] = []
        for raw in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(raw)
            if line.last == "\r" { line.removeLast() }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if env, !trimmed.contains("=") {
                let name = String(trimmed)
                if let p = getenv(name) { out.append("\(name)=\(String(cString: p))") }
                continue
            }
            out.append(String(trimmed))
        }
        return out
    }

    /// opts.ValidateEnv for `-e NAME`: takes the value from the environment when set.
    public static func expandEnv(_ entry: String) -> String {
        guard !entry.contains("=") else { return entry }
        guard let p = getenv(entry) else { return entry }
        return "\(entry)=\(String(cString: p))"
    }
}
