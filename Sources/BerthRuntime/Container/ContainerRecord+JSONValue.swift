import BerthCore
import BerthOCI

extension ContainerRecord {
    /// Reads state.json without JSONDecoder (see JSONValue for why): every verb but create and exec
    /// starts by loading this record, so it sits on the start/kill/delete path.
    init(json: JSONValue, source: String) throws {
        func required<T>(_ key: String, _ get: (JSONValue) -> T?) throws -> T {
            guard let v = json[key], let t = get(v) else {
                throw BerthError(.invalidConfig, "\(source): \(key): missing or of the wrong type")
            }
            return t
        }
        self.init(id: try required("id", \.string), bundle: try required("bundle", \.string),
                  rootfs: try required("rootfs", \.string),
                  initPid: Int32(clamping: try required("initPid", \.int64)),
                  initStartTime: try required("initStartTime", \.uint64),
                  created: try required("created", \.string),
                  cgroupPaths: json["cgroupPaths"]?.stringMap ?? [:], annotations: json["annotations"]?.stringMap,
                  hooks: json["hooks"].map(Self.hooks), noPivot: json["noPivot"]?.bool)
        paused = json["paused"]?.bool
    }

    static func hooks(_ json: JSONValue) -> Hooks {
        func list(_ key: String) -> [Hook]? {
            json[key]?.array?.compactMap { h -> Hook? in
                guard let path = h["path"]?.string else { return nil }
                return Hook(path: path, args: h["args"]?.array?.compactMap(\.string),
                            env: h["env"]?.array?.compactMap(\.string), timeout: h["timeout"]?.int64.map { Int($0) })
            }
        }
        var hooks = Hooks()
        hooks.prestart = list("prestart")
        hooks.createRuntime = list("createRuntime")
        hooks.createContainer = list("createContainer")
        hooks.startContainer = list("startContainer")
        hooks.poststart = list("poststart")
        hooks.poststop = list("poststop")
        return hooks
    }
}
