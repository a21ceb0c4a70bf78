/// Why waiting failed (`{"Message":"context canceled"}`).
public struct ContainerWaitExitError: Codable, Sendable, Equatable {
    public var message: String = ""

    public init(message: String = "") {
        self.message = message
    }

    enum CodingKeys: String, GoJSONKey {
        case message = "Message"
    }
}
