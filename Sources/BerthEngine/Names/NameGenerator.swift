/// Docker's random container names: `adjective_surname` (moby pkg/namesgenerator GetRandomName).
/// "boring_wozniak" is never produced (Steve Wozniak is not boring); a retry (after a name clash)
/// appends one random digit, as dockerd does when it generates a name that is already taken.
public struct NameGenerator: Sendable {
    public init() {}

    /// - Parameter retry: 0 for the first attempt; dockerd retries with 1... and gets `focused_turing3`.
    public func randomName<G: RandomNumberGenerator>(retry: Int = 0, using generator: inout G) -> String {
        var name: String
        repeat {
            let adjective = Self.adjectives.randomElement(using: &generator) ?? "admiring"
            let surname = Self.surnames.randomElement(using: &generator) ?? "turing"
            name = adjective + "_" + surname
        } while name == "boring_wozniak"
        if retry > 0 { name += String(Int.random(in: 0..<10, using: &generator)) }
        return name
    }

    public func randomName(retry: Int = 0) -> String {
        var generator = SystemRandomNumberGenerator()
        return randomName(retry: retry, using: &generator)
    }

    /// dockerd's generateNewName: up to 6 attempts (the first without a digit), then the container
    /// id's first 12 characters.
    public func uniqueName(containerID: String, isTaken: (String) -> Bool) -> String {
        for retry in 0..<6 {
            let name = randomName(retry: retry)
            if !isTaken(name) { return name }
        }
        return String(containerID.prefix(12))
    }
}
