import BerthCore
import BerthLinux
import Glibc

/// The `local` driver's `-o` options (moby volume/local): `type`, `device`, `o` (and `size`, a quota
/// that needs an xfs project-quota backing Berth does not have). With `type` set, the volume is a
/// mount of `device` on its `_data` directory.
struct LocalVolumeOptions: Sendable, Equatable {
    var type: String
    var device: String
    /// The `o` string: mount flags (bind, ro, nosuid...) and filesystem data (size=1m,mode=1777).
    var mountOptions: String

    static let validKeys: Set<String> = ["type", "device", "o", "size"]
    /// moby's mandatoryOpts: each key needs the others listed.
    static let required: [(String, [String])] = [("device", ["type"]), ("type", ["device"]), ("o", ["device", "type"])]

    /// Validates the options with moby's error texts (the caller adds `create NAME: `); nil when the
    /// volume is a plain directory.
    static func parse(_ options: [String: String]) throws -> LocalVolumeOptions? {
        for key in options.keys.sorted() where !validKeys.contains(key) {
            throw BerthError(.invalidArgument, "invalid option key: \"\(key)\"")
        }
        if options["size"] != nil {
            throw BerthError(.invalidArgument, "quota size requested but no quota support")
        }
        for (key, needs) in required where options[key] != nil {
            for need in needs where options[need] == nil {
                throw BerthError(.invalidArgument, "missing required option: \"\(need)\"")
            }
        }
        guard let type = options["type"], let device = options["device"] else { return nil }
        let parsed = LocalVolumeOptions(type: type, device: device, mountOptions: options["o"] ?? "")
        try parsed.validate()
        return parsed
    }

    /// Checks what can be checked before the first mount, so a bad volume is refused at create.
    func validate() throws {
        let (flags, data) = split()
        if type == "tmpfs" {
            for item in data {
                let key = item.split(separator: "=", maxSplits: 1).first.map(String.init) ?? item
                guard TmpfsOptions.dataKeys.contains(key), item.contains("=") else {
                    throw BerthError(.invalidArgument, "invalid tmpfs option \"\(item)\"")
                }
            }
            if let size = data.first(where: { $0.hasPrefix("size=") }), !Self.isSize(String(size.dropFirst(5))) {
                throw BerthError(.invalidArgument, "invalid tmpfs option \"\(size)\"")
            }
            if let mode = data.first(where: { $0.hasPrefix("mode=") }), UInt32(mode.dropFirst(5), radix: 8) == nil {
                throw BerthError(.invalidArgument, "invalid tmpfs option \"\(mode)\"")
            }
        }
        if flags & UInt(MS_BIND) != 0 {
            guard device.hasPrefix("/") else {
                throw BerthError(.invalidArgument, "invalid device path for bind mount: \(device) must be absolute")
            }
            guard FileIO.exists(device) else {
                throw BerthError(.invalidArgument, "invalid device path for bind mount: \(device): no such file or directory")
            }
        }
    }

    /// `1m`, `64k`, `1g`, `100`, `50%`: what tmpfs accepts for size.
    static func isSize(_ text: String) -> Bool {
        var digits = Substring(text)
        if let last = digits.last, "kKmMgGtTpPeE%".contains(last) { digits = digits.dropLast() }
        return !digits.isEmpty && digits.allSatisfy(\.isNumber)
    }

    static let flagTable: [String: (set: Bool, flag: Int)] = [
        "bind": (true, Int(MS_BIND)), "rbind": (true, Int(MS_BIND) | Int(MS_REC)), "ro": (true, Int(MS_RDONLY)),
        "rw": (false, Int(MS_RDONLY)), "nosuid": (true, Int(MS_NOSUID)), "suid": (false, Int(MS_NOSUID)),
        "nodev": (true, Int(MS_NODEV)), "dev": (false, Int(MS_NODEV)), "noexec": (true, Int(MS_NOEXEC)),
        "exec": (false, Int(MS_NOEXEC)), "sync": (true, Int(MS_SYNCHRONOUS)), "async": (false, Int(MS_SYNCHRONOUS)),
        "noatime": (true, Int(MS_NOATIME)), "atime": (false, Int(MS_NOATIME)), "relatime": (true, Int(MS_RELATIME)),
        "norelatime": (false, Int(MS_RELATIME)), "nodiratime": (true, Int(MS_NODIRATIME)), "diratime": (false, Int(MS_NODIRATIME)),
    ]

    /// moby/sys/mount parseOptions: the flags, and the rest as filesystem data.
    func split() -> (flags: UInt, data: [String]) {
        var flags = 0
        var data: [String] = []
        for item in mountOptions.split(separator: ",").map(String.init) {
            if let entry = Self.flagTable[item] {
                flags = entry.set ? flags | entry.flag : flags & ~entry.flag
            } else {
                data.append(item)
            }
        }
        return (UInt(flags), data)
    }

    /// Mounts the device on `target` (moby's local driver mount: flags, then data; `addr=` for nfs
    /// already in `o`).
    func mount(on target: String) throws {
        let (flags, data) = split()
        let joined = data.joined(separator: ",")
        let result = Glibc.mount(device, target, type == "none" ? nil : type, flags, joined.isEmpty ? nil : joined)
        guard result == 0 else {
            throw BerthError(.system, "error while mounting volume '\(target)': failed to mount local volume: mount \(device):\(target), data: \(joined): \(String(cString: strerror(errno)))")
        }
    }
}
