/// A template failure, already worded like Go's text/template (`template: :1: function "foo" not
/// defined`, `template: :1:2: executing "" at <.Foo>: ...`). `isParseError` lets commands choose
/// docker's exit status (parse errors of `--format` are usage errors).
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var isParseError: Bool

    public init(_ message: String, isParseError: Bool) {
        self.message = message
        self.isParseError = isParseError
    }

    public var description: String { message }
}
