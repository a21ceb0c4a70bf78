/// One `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
/// Parameters are RFC 7235 auth-params: token or quoted-string values, separated by commas.
public struct AuthChallenge: Sendable, Equatable {
    public var scheme: String
    public var parameters: [String: String]

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    public var scope: String? { parameters["scope"] }

    public init(scheme: String, parameters: [String: String]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// Every challenge in a header value (a registry may offer several schemes).
    public static func parse(_ header: String) -> [AuthChallenge] {
        var out: [AuthChallenge] = []
        var scalars = Substring(header)
        func skipSpaces() { while let c = scalars.first, c == " " || c == "\t" || c == "," { scalars.removeFirst() } }
        func token() -> String {
            var text = ""
            while let c = scalars.first, c != " ", c != "\t", c != ",", c != "=" { text.append(c); scalars.removeFirst() }
            return text
        }
        while true {
            skipSpaces()
            let scheme = token()
            guard !scheme.isEmpty else { break }
            var parameters: [String: String] = [:]
            while true {
                skipSpaces()
                let save = scalars
                let name = token()
                guard !name.isEmpty, scalars.first == "=" else { scalars = save; break }
                scalars.removeFirst()
                var value = ""
                if scalars.first == "\"" {
                    scalars.removeFirst()
                    while let c = scalars.first, c != "\"" {
                        scalars.removeFirst()
                        if c == "\\", let escaped = scalars.first { value.append(escaped); scalars.removeFirst() } else { value.append(c) }
                    }
                    if scalars.first == "\"" { scalars.removeFirst() }
                } else {
                    value = token()
                }
                parameters[name.lowercased()] = value
                // A bare token after parameters starts the next challenge.
                let next = scalars.drop { $0 == " " || $0 == "\t" }
                if let c = next.first, c != "," { break }
            }
            out.append(AuthChallenge(scheme: scheme.lowercased(), parameters: parameters))
        }
        return out
    }
}
