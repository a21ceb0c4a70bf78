import Testing
import BerthCore
@testable import BerthCLI

/// Go text/template behaviour, with expected outputs taken from the real docker 28.2.2 CLI
/// (`docker context ls --format ...` runs offline) or from Go's documented output.
struct GoTemplateTests {
    static var data: TemplateValue { .map([
        "Name": .string("default"),
        "Size": .number("4261550"),
        "Labels": .map(["com.x": .string("a<b"), "b": .string("2")]),
        "List": .array([.string("a"), .string("b")]),
        "Nested": .map(["Inner": .map(["Deep": .string("yes")])]),
        "Flag": .bool(true),
        "Nothing": .null,
        "Ports": .map(["80/tcp": .array([.map(["HostPort": .string("8080")])])]),
    ]) }

    func render(_ t: String, _ v: TemplateValue = data) throws -> String {
        try GoTemplate(parsing: t).execute(v)
    }

    @Test(arguments: [
        ("{{.Name}}", "default"),
        ("{{.Nested.Inner.Deep}}", "yes"),
        ("{{.Labels.b}}", "2"),
        ("{{index .Labels \"com.x\"}}", "a<b"),
        ("{{json .Labels}}", #"{"b":"2","com.x":"a<b"}"#),
        ("{{json \"<a&b>\"}}", #""<a&b>""#),
        ("{{json .List}}", #"["a","b"]"#),
        ("{{.List}}", "[a b]"),
        ("{{.Labels}}", "map[b:2 com.x:a<b]"),
        ("{{.Missing}}", "<no value>"),
        ("{{.Size}}", "4261550"),
        ("{{.Name | upper}}", "DEFAULT"),
        ("{{upper .Name | lower}}", "default"),
        ("{{title \"hello world\"}}", "Hello World"),
        ("{{split \"a,b\" \",\"}}", "[a b]"),
        ("{{join .List \", \"}}", "a, b"),
        ("{{pad \"x\" 1 2}}", " x  "),
        ("{{truncate \"abcdef\" 3}}", "abc"),
        ("{{len .List}} {{len .Name}}", "2 7"),
        ("{{index .List 1}}", "b"),
        ("{{index .Name 0}}", "100"),
        ("{{slice .Name 1 3}}", "ef"),
        ("{{printf \"%q %v %5.2f|%-6s|%x\" \"a\\\"b\" 1.5 3.14159 \"ab\" 255}}", "\"a\\\"b\" 1.5  3.14|ab    |ff"),
        ("{{ 1e6 }} {{ 1.0 }} {{ 0.000001 }} {{ 3.0e21 }} {{ 1e20 }}", "1e+06 1 1e-06 3e+21 1e+20"),
        ("{{json 1e21}} {{json 1e20}} {{json 1.5}}", "1e+21 100000000000000000000 1.5"),
        ("{{printf \"%d %s\" \"x\" 3}}", "%!d(string=x) %!s(int=3)"),
        ("{{printf \"%s\"}}", "%!s(MISSING)"),
        ("{{printf \"%s\" \"a\" \"b\"}}", "a%!(EXTRA string=b)"),
        ("{{printf \"%5d|%-5d|%05d|%+d|%x|%X|%o|%c|%U\" 42 42 42 42 3054 3054 8 65 65}}", "   42|42   |00042|+42|bee|BEE|10|A|U+0041"),
        ("{{printf \"%t %v %q %s\" true false 5 false}}", "true false '\\x05' %!s(bool=false)"),
        ("{{printf \"%6.2f|%e|%g|%.3s|%10.4v\" 3.14159 1234.5678 0.00001234 \"abcdef\" \"abcdefgh\"}}", "  3.14|1.234568e+03|1.234e-05|abc|      abcd"),
        ("{{printf \"%v %v\" (split \"a,b\" \",\") true}}", "[a b] true"),
        ("{{if and 1 0}}y{{else}}n{{end}}", "n"),
        ("{{ or 0 \"\" \"z\"}}", "z"),
        ("{{ eq 1 2 1}}{{ lt \"a\" \"b\"}}", "truetrue"),
        ("{{print 1 2 \"a\" \"b\" 3}}", "1 2ab3"),
        ("{{println \"x\"}}|", "x\n|"),
        ("{{ not 0 }} {{ not \"\" }} {{ eq \"a\" \"a\" }} {{ ne 1 2 }} {{ ge 2 1 }} {{ le 2.5 3.0 }}", "true true true true true true"),
        ("{{range $i, $v := split \"a,b,c\" \",\"}}{{$i}}={{$v}};{{end}}", "0=a;1=b;2=c;"),
        ("{{range $k, $v := .Labels}}{{$k}}={{$v}},{{end}}", "b=2,com.x=a<b,"),
        ("{{range .List}}[{{.}}]{{else}}empty{{end}}", "[a][b]"),
        ("{{range .Nothing}}x{{else}}empty{{end}}", "empty"),
        ("{{range $v := .List}}{{if eq $v \"b\"}}{{break}}{{end}}{{$v}}{{end}}", "a"),
        ("{{with $x := \"q\"}}{{$x}}{{end}}", "q"),
        ("{{with .Nested.Inner}}{{.Deep}}{{end}}", "yes"),
        ("{{with .Missing}}x{{else}}none{{end}}", "none"),
        ("a  {{- \" b \" -}}  c", "a b c"),
        ("{{/* comment */}}x{{- /* trimmed */ -}} y", "xy"),
        ("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
        ("{{if .Flag}}on{{else if .Name}}name{{else}}off{{end}}", "on"),
        ("{{if not .Flag}}on{{else if .Name}}name{{else}}off{{end}}", "name"),
        ("{{(index .Ports \"80/tcp\" 0).HostPort}}", "8080"),
        ("{{\".Architecture\"}}", ".Architecture"),
        ("{{`raw\\n`}}", "raw\\n"),
        ("{{ 'a' }}", "97"),
        ("{{eq .Size 4261550}}", "true"),
        ("{{.}}", "map[Flag:true Labels:map[b:2 com.x:a<b] List:[a b] Name:default Nested:map[Inner:map[Deep:yes]] Nothing:<nil> Ports:map[80/tcp:[map[HostPort:8080]]] Size:4261550]"),
    ])
    func renders(_ template: String, _ expected: String) throws {
        #expect(try render(template) == expected)
    }

    @Test(arguments: [
        ("{{.Foo", "template: :1: unclosed action"),
        ("{{foo .}}", "template: :1: function \"foo\" not defined"),
        ("{{end}}", "template: :1: unexpected {{end}}"),
        ("{{if .A}}x", "template: :1: unexpected EOF"),
        ("{{$x}}", "template: :1: undefined variable \"$x\""),
        ("a\n{{}}", "template: :2: missing value for command"),
        ("{{.A}", "template: :1: unrecognized character in action: U+007D '}'"),
    ])
    func parseErrors(_ template: String, _ message: String) {
        #expect(throws: TemplateError.self) { try GoTemplate(parsing: template) }
        do {
            _ = try GoTemplate(parsing: template)
        } catch let e as TemplateError {
            #expect(e.message == message)
            #expect(e.isParseError)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func executionErrorsCarryGoContext() throws {
        var r = TemplateRecord(typeName: "*formatter.clientContextContext")
        r.set("Name", .string("x"))
        let t = try GoTemplate(parsing: "{{.Name}} {{ .Nope }}")
        do {
            _ = try t.execute(.record(r))
            Issue.record("expected an error")
        } catch let e as TemplateError {
            #expect(e.message == "template: :1:13: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.clientContextContext")
        }
        let nilCommand = try GoTemplate(parsing: "{{nil}}")
        #expect(throws: TemplateError.self) { try nilCommand.execute(.none) }
    }

    @Test func strictMissingKeysReportsChainPosition() throws {
        var t = try GoTemplate(parsing: "{{.Config.Nope.Deeper}}")
        t.strictMissingKeys = true
        do {
            _ = try t.execute(.map(["Config": .map(["Image": .number("1")])]))
            Issue.record("expected an error")
        } catch let e as TemplateError {
            #expect(e.message == "template: :1:9: executing \"\" at <.Config.Nope.Deeper>: map has no entry for key \"Nope\"")
        }
    }

    @Test func recordMethodsTakeArguments() throws {
        var r = TemplateRecord(typeName: "ctx")
        r.method("Label") { args in .string("v-\(args.first?.goString ?? "")") }
        #expect(try GoTemplate(parsing: "{{.Label \"k\"}}").execute(.record(r)) == "v-k")
    }

    @Test func jsonFromParsedDaemonValue() throws {
        let v = TemplateValue(json: try JSONValue.parse(Array(#"{"b":[1,2.5,"x\u2028"],"a":null,"c":{"z":true}}"#.utf8)))
        #expect(try render("{{json .}}", v) == #"{"a":null,"b":[1,2.5,"x\u2028"],"c":{"z":true}}"#)
    }
}
