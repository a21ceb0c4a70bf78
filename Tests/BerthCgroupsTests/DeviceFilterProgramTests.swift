@testable import BerthCgroups
import BerthCore
import BerthOCI
import Testing

@Suite struct DeviceFilterProgramTests {
    /// One probe: device type ("c"/"b"), numbers, requested access, expected verdict.
    struct Case: CustomStringConvertible {
        var type: String, major: UInt32, minor: UInt32, access: String, allowed: Bool
        var description: String { "\(type) \(major):\(minor) \(access) -> \(allowed ? "allow" : "deny")" }
    }

    static func verdict(_ program: [BPFInstruction], _ c: Case) throws -> Bool {
        var acc: Int32 = 0
        for ch in c.access {
            switch ch {
            case "r": acc |= DeviceFilterProgram.accRead
            case "w": acc |= DeviceFilterProgram.accWrite
            default: acc |= DeviceFilterProgram.accMknod
            }
        }
        let type = c.type == "b" ? DeviceFilterProgram.devBlock : DeviceFilterProgram.devChar
        return try BPFInterpreter.run(program, type: type, access: acc, major: c.major, minor: c.minor) == 1
    }

    static func check(_ rules: [DeviceCgroupRule], _ cases: [Case]) throws {
        let program = try DeviceFilterProgram.generate(rules)
        for c in cases {
            #expect(try verdict(program, c) == c.allowed, "\(c)")
        }
    }

    static func rule(_ allow: Bool, _ type: String?, _ major: Int64?, _ minor: Int64?, _ access: String?) -> DeviceCgroupRule {
        DeviceCgroupRule(allow: allow, type: type, major: major, minor: minor, access: access)
    }

    /// What Docker/containerd put in config.json by default.
    static let dockerDefault: [DeviceCgroupRule] = [
        rule(false, nil, nil, nil, "rwm"),
        rule(true, "c", nil, nil, "m"),
        rule(true, "b", nil, nil, "m"),
        rule(true, "c", 1, 3, "rwm"),
        rule(true, "c", 1, 8, "rwm"),
        rule(true, "c", 1, 7, "rwm"),
        rule(true, "c", 5, 0, "rwm"),
        rule(true, "c", 1, 5, "rwm"),
        rule(true, "c", 1, 9, "rwm"),
        rule(true, "c", 136, nil, "rwm"),
        rule(true, "c", 5, 2, "rwm"),
        rule(true, "c", 10, 200, "rwm"),
    ]

    @Test func instructionLayoutMatchesKernel() {
        #expect(MemoryLayout<BPFInstruction>.size == 8)
        #expect(MemoryLayout<BPFInstruction>.stride == 8)
        let insn = BPFInstruction(code: 0x61, dst: 3, src: 1, offset: -2, immediate: 7)
        let bytes = withUnsafeBytes(of: insn) { Array($0) }
        #expect(bytes == [0x61, 0x13, 0xfe, 0xff, 7, 0, 0, 0])
    }

    @Test func dockerDefaultAllowList() throws {
        try Self.check(Self.dockerDefault, [
            Case(type: "c", major: 1, minor: 3, access: "rw", allowed: true),
            Case(type: "c", major: 1, minor: 3, access: "rwm", allowed: true),
            Case(type: "c", major: 1, minor: 5, access: "r", allowed: true),
            Case(type: "c", major: 1, minor: 9, access: "r", allowed: true),
            Case(type: "c", major: 5, minor: 2, access: "rw", allowed: true),
            Case(type: "c", major: 136, minor: 0, access: "rw", allowed: true),
            Case(type: "c", major: 136, minor: 4095, access: "w", allowed: true),
            Case(type: "c", major: 10, minor: 200, access: "rw", allowed: true),
            Case(type: "c", major: 1, minor: 4, access: "r", allowed: false),
            Case(type: "c", major: 1, minor: 4, access: "m", allowed: true),
            Case(type: "c", major: 1, minor: 4, access: "rm", allowed: false),
            Case(type: "c", major: 5, minor: 1, access: "rw", allowed: false),
            Case(type: "c", major: 137, minor: 0, access: "r", allowed: false),
            Case(type: "c", major: 10, minor: 201, access: "w", allowed: false),
            Case(type: "b", major: 8, minor: 0, access: "r", allowed: false),
            Case(type: "b", major: 8, minor: 0, access: "m", allowed: true),
            Case(type: "b", major: 1, minor: 3, access: "rw", allowed: false),
            Case(type: "b", major: 254, minor: 0, access: "rwm", allowed: false),
        ])
    }

    @Test func noRulesDeniesEverything() throws {
        let program = try DeviceFilterProgram.generate([])
        #expect(program.count == 8)
        try Self.check([], [
            Case(type: "c", major: 1, minor: 3, access: "r", allowed: false),
            Case(type: "b", major: 8, minor: 0, access: "m", allowed: false),
        ])
    }

    @Test func allowAllThenDenyOne() throws {
        let rules = [Self.rule(true, "a", nil, nil, "rwm"), Self.rule(false, "c", 1, 3, "w")]
        try Self.check(rules, [
            Case(type: "c", major: 1, minor: 3, access: "r", allowed: true),
            Case(type: "c", major: 1, minor: 3, access: "w", allowed: false),
            // A deny rule matches when it covers any requested bit.
            Case(type: "c", major: 1, minor: 3, access: "rw", allowed: false),
            Case(type: "b", major: 1, minor: 3, access: "w", allowed: true),
            Case(type: "c", major: 1, minor: 4, access: "rwm", allowed: true),
        ])
    }

    @Test func lastMatchWins() throws {
        try Self.check([
            Self.rule(false, "a", nil, nil, nil),
            Self.rule(true, "c", 1, 3, "rwm"),
            Self.rule(false, "c", 1, 3, "rwm"),
            Self.rule(true, "c", 1, 5, "r"),
        ], [
            Case(type: "c", major: 1, minor: 3, access: "r", allowed: false),
            Case(type: "c", major: 1, minor: 5, access: "r", allowed: true),
            Case(type: "c", major: 1, minor: 5, access: "rw", allowed: false),
        ])
        // A later catch-all shadows everything before it.
        try Self.check([
            Self.rule(true, "c", 1, 3, "rwm"),
            Self.rule(false, nil, nil, nil, nil),
            Self.rule(true, "c", 4, nil, "rw"),
        ], [
            Case(type: "c", major: 1, minor: 3, access: "r", allowed: false),
            Case(type: "c", major: 4, minor: 64, access: "rw", allowed: true),
            Case(type: "b", major: 4, minor: 64, access: "r", allowed: false),
        ])
    }

    @Test func wildcardTypeWithNumbersMatchesBothTypes() throws {
        try Self.check([Self.rule(true, "a", 7, nil, "r")], [
            Case(type: "c", major: 7, minor: 1, access: "r", allowed: true),
            Case(type: "b", major: 7, minor: 2, access: "r", allowed: true),
            Case(type: "b", major: 7, minor: 2, access: "w", allowed: false),
            Case(type: "b", major: 8, minor: 2, access: "r", allowed: false),
        ])
    }

    @Test func invalidRulesAreRejectedNamingTheField() {
        for (bad, field) in [
            (Self.rule(true, "x", 1, 1, "r"), "devices[0].type"),
            (Self.rule(true, "c", 1, 1, "rx"), "devices[0].access"),
            (Self.rule(true, "c", 1, 1, ""), "devices[0].access"),
            (Self.rule(true, "c", Int64(UInt32.max), 1, "r"), "devices[0].major"),
        ] {
            do {
                _ = try DeviceFilterProgram.generate([bad])
                Issue.record("expected an error for \(bad)")
            } catch let e as BerthError {
                #expect(e.message.contains(field), "\(e)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
