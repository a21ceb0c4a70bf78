import BerthEngineAPI

/// `/events` filters: type, event/action, container/image (id or name), volume (name), label; values of one key
/// are alternatives, keys combine.
struct EventFilter {
    let filters: [String: [String]]

    init(_ filters: [String: [String]]) { self.filters = filters }

    func matches(_ event: EventMessage) -> Bool {
        let attributes = event.actor.attributes ?? [:]
        if let types = filters["type"], !types.contains(event.type) { return false }
        if let actions = filters["event"] ?? filters["action"] {
            let action = event.action.split(separator: ":").first.map(String.init) ?? event.action
            if !actions.contains(action) && !actions.contains(event.action) { return false }
        }
        if let containers = filters["container"] {
            guard event.type == "container",
                  containers.contains(where: { event.actor.id.hasPrefix($0) || attributes["name"] == $0 }) else { return false }
        }
        if let images = filters["image"] {
            guard images.contains(where: { image in
                attributes["image"] == image || event.actor.id == image || event.from == image
                    || (event.type == "image" && attributes["name"] == image)
            }) else { return false }
        }
        if let volumes = filters["volume"] {
            guard event.type == "volume", volumes.contains(event.actor.id) else { return false }
        }
        if let labels = filters["label"] {
            for label in labels {
                let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
                guard let key = parts.first, let value = attributes[key] else { return false }
                if parts.count == 2 && value != parts[1] { return false }
            }
        }
        return true
    }
}
