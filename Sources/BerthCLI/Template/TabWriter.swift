/// Go's text/tabwriter (the subset docker uses: space padding, no flags). Cells are tab-terminated;
/// a column's width is the widest cell of its block of consecutive lines plus padding, at least
/// minWidth; the last cell of a line is never padded. Widths count runes, as Go does.
public struct TabWriter {
    public var minWidth: Int
    public var padding: Int

    /// docker's formatter: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`.
    public init(minWidth: Int = 10, padding: Int = 3) {
        self.minWidth = minWidth
        self.padding = padding
    }

    public func format(_ text: String) -> String {
        var lines: [[String]] = text.goSplit("\n").map { $0.goSplit("\t") }
        // A trailing newline leaves an empty last line; Go emits nothing for it.
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        var out = ""
        var widths: [Int] = []
        formatBlock(lines, 0, lines.count, &widths, &out)
        return out + (endsWithNewline ? "" : "")
    }

    private func width(_ s: String) -> Int { s.unicodeScalars.count }

    private func formatBlock(_ lines: [[String]], _ line0: Int, _ line1: Int, _ widths: inout [Int], _ out: inout String) {
        let column = widths.count
        var start = line0
        var this = line0
        while this < line1 {
            if column >= lines[this].count - 1 { this += 1; continue }
            writeLines(lines, start, this, widths, &out)
            start = this
            var w = minWidth
            while this < line1 && column < lines[this].count - 1 {
                w = max(w, width(lines[this][column]) + padding)
                this += 1
            }
            widths.append(w)
            formatBlock(lines, start, this, &widths, &out)
            widths.removeLast()
            start = this
        }
        writeLines(lines, start, line1, widths, &out)
    }

    private func writeLines(_ lines: [[String]], _ from: Int, _ to: Int, _ widths: [Int], _ out: inout String) {
        guard from < to else { return }
        for i in from..<to {
            let cells = lines[i]
            for (j, cell) in cells.enumerated() {
                out += cell
                if j < widths.count && j < cells.count - 1 {
                    out += String(repeating: " ", count: max(0, widths[j] - width(cell)))
                }
            }
            out += "\n"
        }
    }
}
