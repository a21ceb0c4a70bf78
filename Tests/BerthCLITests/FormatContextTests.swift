import Testing
@testable import BerthCLI

/// docker's table/json/raw formatter, compared with `docker ps` output captured against a fake daemon.
struct FormatContextTests {
    func row(_ id: String, _ image: String, _ names: String) -> TemplateValue {
        .record(TemplateRecord(typeName: "*formatter.ContainerContext",
                               fields: [("ID", .string(id)), ("Image", .string(image)), ("Names", .string(names))]))
    }

    @Test func tableHeaderAndAlignment() throws {
        let f = FormatContext(format: "table {{.ID}}\\t{{.Image}}\\t{{.Names}}", defaultTableFormat: "", headers: ContainerContext.headers)
        let out = try f.render([row("4c01db0b339c", "nginx:latest", "web"), row("9f8e7d6c5b4a", "busybox", "db")])
        #expect(out == """
            CONTAINER ID   IMAGE          NAMES
            4c01db0b339c   nginx:latest   web
            9f8e7d6c5b4a   busybox        db

            """)
    }

    @Test func minimumColumnWidthIsTen() throws {
        let f = FormatContext(format: "table {{.Names}}\t{{.ID}}", defaultTableFormat: "", headers: ContainerContext.headers)
        #expect(try f.render([row("1", "i", "a")]) == "NAMES     CONTAINER ID\na         1\n")
    }

    @Test func headerFunctionsPassTitlesThrough() throws {
        let f = FormatContext(format: "table {{upper .Names}}\t{{json .Image}}\t{{pad .ID 1 1}}|", defaultTableFormat: "",
                              headers: ContainerContext.headers)
        let out = try f.render([row("4c01db0b339c", "nginx", "web")])
        // As docker 28.2.2 does: pad is not a header function, so the title is padded too.
        #expect(out == "NAMES     IMAGE      CONTAINER ID |\nWEB       \"nginx\"    4c01db0b339c |\n")
    }

    @Test func rawAndJSONFormats() throws {
        let raw = FormatContext(format: "{{.ID}}", defaultTableFormat: "", headers: [:])
        #expect(try raw.render([row("a", "b", "c"), row("d", "e", "f")]) == "a\nd\n")
        var r = TemplateRecord(typeName: "ctx", fields: [("A", .string("<x>")), ("B", .null)])
        r.marshalEscapesHTML = true
        let json = FormatContext(format: "json", defaultTableFormat: "", headers: [:])
        #expect(try json.render([.record(r)]) == #"{"A":"\u003cx\u003e","B":null}"# + "\n")
    }

    @Test func errorsUseDockerPrefixes() {
        let bad = FormatContext(format: "{{.Foo", defaultTableFormat: "", headers: [:])
        #expect(throws: TemplateError.self) { try bad.render([]) }
        do { _ = try bad.render([]) } catch let e as TemplateError {
            #expect(e.message == "failed to parse template: template: :1: unclosed action")
        } catch { Issue.record("\(error)") }
        let exec = FormatContext(format: "{{.Foo}}", defaultTableFormat: "", headers: [:])
        do { _ = try exec.render([row("a", "b", "c")]) } catch let e as TemplateError {
            #expect(e.message == "failed to execute template: template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext")
        } catch { Issue.record("\(error)") }
    }

    @Test func tabWriterMatchesGo() {
        #expect(TabWriter(minWidth: 0, padding: 1).format("a\tbbb\tc\naa\tb\tc\n") == "a  bbb c\naa b   c\n")
        // A line without tabs ends a column block.
        #expect(TabWriter(minWidth: 0, padding: 1).format("a\tb\nxxxxx\nccc\td\n") == "a b\nxxxxx\nccc d\n")
    }
}
