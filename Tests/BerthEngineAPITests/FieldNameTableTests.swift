@testable import BerthEngineAPI
import Testing

@Suite struct FieldNameTableTests {
    @Test func foldsOnlyUnambiguousNames() {
        let table = FieldNameTable(names: ["Id", "ID", "Image", "DetachKeys"])
        #expect(table.canonical("Image") == "Image")
        #expect(table.canonical("image") == "Image")
        #expect(table.canonical("detachKeys") == "DetachKeys")
        #expect(table.canonical("ID") == "ID")
        // `id` could be `Id` or `ID`: left as sent.
        #expect(table.canonical("id") == "id")
        #expect(table.canonical("Unknown") == "Unknown")
    }

    @Test func requestModelsHaveNoAmbiguousFields() {
        var spellings: [String: Set<String>] = [:]
        for name in EngineModelRegistry.requestFieldNames { spellings[name.lowercased(), default: []].insert(name) }
        #expect(spellings.values.allSatisfy { $0.count == 1 }, "\(spellings.filter { $0.value.count > 1 })")
    }
}
