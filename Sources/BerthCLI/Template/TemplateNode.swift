/// A node of a parsed template's list (Go's parse.Node family, trimmed to what docker's formats use).
indirect enum TemplateNode {
    case text(String)
    case action(TemplatePipe)
    case ifNode(TemplatePipe, [TemplateNode], [TemplateNode]?)
    case rangeNode(TemplatePipe, [TemplateNode], [TemplateNode]?)
    case withNode(TemplatePipe, [TemplateNode], [TemplateNode]?)
    case breakNode(Int)
    case continueNode(Int)
}
