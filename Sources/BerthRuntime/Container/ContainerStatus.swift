/// runtime.md statuses plus runc's `paused`.
public enum ContainerStatus: String, Sendable {
    case creating, created, running, paused, stopped
}
