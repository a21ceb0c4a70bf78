import BerthCore
import BerthLinux
import Glibc

/// /proc/sys writes berthd needs on the host: forwarding and the bridge's route_localnet.
public enum Sysctl {
    public static func set(_ key: String, _ value: String) throws {
        let path = "/proc/sys/" + key.replacing(".", with: "/")
        if FileIO.readTrimmed(path) == value { return }
        do {
            try FileIO.write(path, value + "\n", flags: O_WRONLY)
        } catch {
            throw BerthError(.system, "set sysctl \(key)=\(value)", cause: "\(error)")
        }
    }
}
