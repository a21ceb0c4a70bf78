/// Tasks are addressed by namespace and container id: the same id in two namespaces is two tasks.
struct TaskKey: Hashable, Sendable, CustomStringConvertible {
    let namespace: String
    let id: String

    var description: String { "\(namespace)/\(id)" }
}
