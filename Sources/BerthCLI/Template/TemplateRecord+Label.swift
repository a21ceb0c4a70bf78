extension TemplateRecord {
    /// The `.Label "key"` method the docker CLI's container, volume and network contexts share.
    mutating func labelMethod(_ labels: [String: String]) {
        method("Label") { args in
            guard args.count == 1, case .string(let key) = args[0] else {
                throw TemplateFunctions.ArgumentError(message: "wrong number of args for Label: want 1 got \(args.count)")
            }
            return .string(labels[key] ?? "")
        }
    }
}
