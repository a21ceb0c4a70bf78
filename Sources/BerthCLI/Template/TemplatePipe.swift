/// A pipeline `$x := cmd1 arg | cmd2`: optional declarations, then commands whose result feeds the
/// next command as its final argument.
struct TemplatePipe {
    struct Command {
        var pos: Int
        var text: String
        var args: [TemplateOperand]
    }

    var pos: Int
    var declarations: [String]
    var isAssign: Bool
    var commands: [Command]
}
