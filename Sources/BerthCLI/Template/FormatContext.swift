/// docker/cli's formatter.Context: turns a `--format` value into output for a list of items.
/// - `table …` (or just `table`): a header row rendered from the same template over `headers`
///   (with header functions), then rows, aligned with a tabwriter;
/// - `json`: one `{{json .}}` line per item;
/// - anything else: the raw template, one line per item.
/// `\t` and `\n` typed literally in the format are turned into real tabs/newlines, as docker does.
public struct FormatContext {
    public var format: String
    public var defaultTableFormat: String
    /// Column titles by field name (ID → "CONTAINER ID"); unknown fields give an empty title.
    public var headers: [String: String]
    /// Methods of the header context (docker's containerHeaderContext.Label derives a title from the key).
    public var headerMethods: [String: TemplateRecord.Method] = [:]

    public init(format: String, defaultTableFormat: String, headers: [String: String]) {
        self.format = format
        self.defaultTableFormat = defaultTableFormat
        self.headers = headers
    }

    public var isTable: Bool { format.hasPrefix("table") }
    public var isJSON: Bool { format == "json" }

    /// The template text docker executes (formatter.preFormat).
    public var finalFormat: String {
        var f = format
        if format == "table" { f = defaultTableFormat }
        if f.hasPrefix("table") { f = String(f.dropFirst(5)) } else if isJSON { f = "{{json .}}" }
        f = f.trimmingSpaces()
        return f.replacingAll("\\t", "\t").replacingAll("\\n", "\n")
    }

    public func parse() throws -> GoTemplate {
        do {
            return try GoTemplate(parsing: finalFormat)
        } catch let e as TemplateError {
            throw TemplateError("failed to parse template: \(e.message)", isParseError: true)
        }
    }

    /// Renders all items; on an execution error nothing is printed (docker buffers the rows).
    public func render(_ items: [TemplateValue]) throws -> String {
        let template = try parse()
        var body = ""
        for item in items {
            do {
                body += try template.execute(item) + "\n"
            } catch let e as TemplateError {
                throw TemplateError("failed to execute template: \(e.message)", isParseError: false)
            }
        }
        guard isTable else { return body }
        var headerMap = TemplateValue.map(headers.mapValues { .string($0) })
        if !headerMethods.isEmpty {
            // A Go map type with methods: fields read as map keys ("" when absent), methods still work.
            var r = TemplateRecord(typeName: "formatter.SubHeaderContext")
            for (k, v) in headers { r.set(k, .string(v)) }
            for (k, m) in headerMethods { r.method(k, m) }
            r.missingFieldValue = .string("")
            headerMap = .record(r)
        }
        // docker ignores errors in the header row and keeps whatever was rendered.
        let header = (try? template.with(functions: TemplateFunctions.headerFunctions).execute(headerMap)) ?? ""
        return TabWriter().format(header + "\n" + body)
    }
}

extension String {
    /// strings.Trim(s, " ").
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
