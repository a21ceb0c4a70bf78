import BerthCore
import BerthSnapshots
import Testing

struct FiltersTests {
    let fields: [[String]: String] = [["name"]: "base", ["kind"]: "committed", ["labels", "a.b/c"]: "x y", ["labels", "plain"]: ""]

    func lookup(_ path: [String]) -> String? { fields[path] }

    @Test func equalityPresenceAndQuotedFieldParts() throws {
        #expect(try Filters(["name==base"]).matches(lookup))
        #expect(try Filters(["labels.\"a.b/c\"==\"x y\""]).matches(lookup))
        #expect(try Filters(["labels.plain"]).matches(lookup))
        #expect(try !Filters(["labels.missing"]).matches(lookup))
        #expect(try Filters(["name!=other"]).matches(lookup))
        #expect(try Filters([]).matches(lookup))
    }

    @Test func commaIsAndSeveralStringsAreOr() throws {
        #expect(try !Filters(["name==base,kind==active"]).matches(lookup))
        #expect(try Filters(["name==base,kind==committed"]).matches(lookup))
        #expect(try Filters(["kind==active", "name==base"]).matches(lookup))
    }

    @Test func regularExpressions() throws {
        #expect(try Filters(["name~=^ba"]).matches(lookup))
        #expect(try Filters(["name~=/s.$/"]).matches(lookup))
        #expect(try !Filters(["name~=^x"]).matches(lookup))
    }

    @Test func malformedFiltersAreInvalidArguments() {
        for bad in ["labels.\"open", "==x", "name==a,"] {
            #expect(throws: BerthError.self, "\(bad)") { try Filters([bad]) }
        }
    }
}
