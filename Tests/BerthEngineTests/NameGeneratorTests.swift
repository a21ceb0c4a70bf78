import Testing

@testable import BerthEngine

/// A generator that replays fixed values, to steer `randomElement`.
struct ScriptedGenerator: RandomNumberGenerator {
    var values: [UInt64]
    var index = 0
    mutating func next() -> UInt64 {
        defer { index += 1 }
        return values[index % values.count]
    }
}

@Suite struct NameGeneratorTests {
    @Test func wordListsAreMobys() {
        #expect(NameGenerator.adjectives.count == 108)
        #expect(NameGenerator.surnames.count == 236)
        #expect(NameGenerator.adjectives.first == "admiring" && NameGenerator.adjectives.last == "zen")
        #expect(NameGenerator.surnames.first == "agnesi" && NameGenerator.surnames.last == "zhukovsky")
        #expect(NameGenerator.adjectives.contains("boring") && NameGenerator.surnames.contains("wozniak"))
        #expect(Set(NameGenerator.surnames).count == NameGenerator.surnames.count)
    }

    @Test func namesHaveDockersShape() {
        let generator = NameGenerator()
        for _ in 0..<500 {
            let name = generator.randomName()
            let parts = name.split(separator: "_").map(String.init)
            #expect(parts.count == 2)
            #expect(NameGenerator.adjectives.contains(parts[0]) && NameGenerator.surnames.contains(parts[1]), "\(name)")
            #expect(name != "boring_wozniak")
        }
        let retried = generator.randomName(retry: 1)
        #expect(retried.last?.isNumber == true)
        #expect(NameGenerator.surnames.contains(String(retried.split(separator: "_")[1].dropLast())))
    }

    @Test func boringWozniakIsNeverReturned() {
        // randomElement maps a value to an index; find the values that pick "boring" and "wozniak".
        let boring = UInt64(NameGenerator.adjectives.firstIndex(of: "boring") ?? 0)
        let wozniak = UInt64(NameGenerator.surnames.firstIndex(of: "wozniak") ?? 0)
        func value(for index: UInt64, count: Int) -> UInt64 {
            // Int.random(in:) uses the high bits (multiply-shift): pick the value whose product lands on `index`.
            let c = UInt64(count)
            return (index * (UInt64.max / c)) + (UInt64.max / c) / 2
        }
        // Every value sits mid-bucket, so the stdlib's rejection sampling never discards one (a
        // discarded value would shift the script and could replay boring_wozniak forever).
        var scripted = ScriptedGenerator(values: [value(for: boring, count: NameGenerator.adjectives.count),
                                                  value(for: wozniak, count: NameGenerator.surnames.count),
                                                  value(for: 0, count: NameGenerator.adjectives.count),
                                                  value(for: 0, count: NameGenerator.surnames.count)])
        var probe = ScriptedGenerator(values: scripted.values)
        let first = (NameGenerator.adjectives.randomElement(using: &probe) ?? "") + "_" + (NameGenerator.surnames.randomElement(using: &probe) ?? "")
        #expect(first == "boring_wozniak", "the scripted generator should steer to boring_wozniak first")
        let name = NameGenerator().randomName(using: &scripted)
        #expect(name == "admiring_agnesi")
    }

    @Test func uniqueNameFallsBackToTheShortID() {
        let name = NameGenerator().uniqueName(containerID: EngineTestSupport.containerID) { _ in true }
        #expect(name == "4f3c2b1a0e9d")
        var attempts = 0
        let second = NameGenerator().uniqueName(containerID: EngineTestSupport.containerID) { _ in
            attempts += 1
            return attempts == 1
        }
        #expect(second.last?.isNumber == true)
    }
}
