#if canImport(Glibc)
import Glibc
#endif

enum EnvironmentDefaults {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let text = String(cString: raw)
        return text.isEmpty ? nil : text
    }

    static var address: String {
        var path = value("BERTH_SUPERVISOR_ADDRESS") ?? "/run/berth/supervisor.sock"
        if path.hasPrefix("unix://") { path.removeFirst(7) }
        return path
    }

    static var namespace: String { value("BERTH_NAMESPACE") ?? "default" }
}
