/// A parsed Go text/template, docker-flavoured: `GoTemplate(parsing: "{{.ID}}")` then `execute(value)`.
/// Parse errors read like Go's (`template: :1: function "foo" not defined`); callers add docker's
/// `template parsing error: ` prefix where docker does.
public struct GoTemplate {
    public let name: String
    public let source: String
    let nodes: [TemplateNode]
    public var functions: [String: TemplateFunctions.Function]
    public var strictMissingKeys = false

    public init(parsing source: String, name: String = "", functions: [String: TemplateFunctions.Function] = TemplateFunctions.builtins) throws {
        self.name = name
        self.source = source
        self.functions = functions
        var lexer = TemplateLexer(source, name: name)
        let tokens = try lexer.lex()
        var parser = TemplateParser(lexer: lexer, tokens: tokens, functions: Set(functions.keys).union(TemplateFunctions.specialForms))
        nodes = try parser.parse()
    }

    public func execute(_ data: TemplateValue) throws -> String {
        var exec = TemplateExecutor(name: name, source: Array(source.utf8), functions: functions, strictMissingKeys: strictMissingKeys)
        exec.vars = [("$", data)]
        _ = try exec.run(nodes, dot: data)
        return exec.output
    }

    /// The same template with other functions (docker renders table headers with `headerFunctions`).
    public func with(functions: [String: TemplateFunctions.Function]) -> GoTemplate {
        var copy = self
        copy.functions = functions
        return copy
    }
}
