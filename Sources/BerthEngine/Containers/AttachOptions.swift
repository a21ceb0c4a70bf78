/// What `POST /containers/{id}/attach` (and exec start) asks for.
public struct AttachOptions: Sendable {
    public var stdin = false
    public var stdout = false
    public var stderr = false
    public var stream = false
    public var logs = false
    public var detachKeys: DetachKeys

    public init(detachKeys: DetachKeys) { self.detachKeys = detachKeys }
}
