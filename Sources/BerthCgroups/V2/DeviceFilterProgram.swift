import BerthCore
import BerthOCI

/// Compiles OCI device rules into a BPF_PROG_TYPE_CGROUP_DEVICE program (cgroup v2 has no devices.allow files).
///
/// Semantics follow runc's devicefilter: rules are evaluated last-match-wins on type, major, minor and access,
/// and anything no rule matches is denied. The program tests the rules from last to first and returns at the
/// first match. A rule that matches every device and access ("a" with no major/minor and rwm) shadows all rules
/// before it, so it becomes the fall-through result and the earlier rules are not emitted.
///
/// Access matching differs by verdict on purpose: an allow rule matches only when it covers every requested
/// access bit, while a deny rule matches when it covers any of them. A partial rule can therefore never widen
/// what is allowed (same effect as runc's rule emulator, without it).
///
/// Context (struct bpf_cgroup_dev_ctx): u32 access_type (device type in the low 16 bits, access in the high 16),
/// u32 major, u32 minor. Registers: r2 type, r3 access, r4 major, r5 minor, r1 scratch, r0 verdict.
public enum DeviceFilterProgram {
    // linux/bpf.h: BPF_DEVCG_*.
    public static let devBlock: Int32 = 1
    public static let devChar: Int32 = 2
    public static let accMknod: Int32 = 1
    public static let accRead: Int32 = 2
    public static let accWrite: Int32 = 4
    static let accAll = accMknod | accRead | accWrite

    public static func generate(_ rules: [DeviceCgroupRule]) throws -> [BPFInstruction] {
        var program: [BPFInstruction] = [
            .loadWord(dst: 2, src: 1, offset: 0),
            .and32(dst: 2, 0xFFFF),
            .loadWord(dst: 3, src: 1, offset: 0),
            .rsh32(dst: 3, 16),
            .loadWord(dst: 4, src: 1, offset: 4),
            .loadWord(dst: 5, src: 1, offset: 8),
        ]
        let compiled = try rules.enumerated().map { try Compiled($1, index: $0) }
        var fallThrough = false
        for rule in compiled.reversed() {
            if rule.matchesEverything {
                fallThrough = rule.allow
                break
            }
            program += rule.block()
        }
        program += [.mov32(dst: 0, fallThrough ? 1 : 0), .exitInstruction()]
        return program
    }

    struct Compiled {
        var allow: Bool
        var type: Int32?
        var major: Int32?
        var minor: Int32?
        var access: Int32

        init(_ rule: DeviceCgroupRule, index: Int) throws {
            let field = "linux.resources.devices[\(index)]"
            allow = rule.allow
            switch rule.type ?? "a" {
            case "a": type = nil
            case "c": type = DeviceFilterProgram.devChar
            case "b": type = DeviceFilterProgram.devBlock
            case let other:
                throw BerthError(.invalidConfig, "\(field).type: invalid device type \"\(other)\" (want a, b or c)")
            }
            major = try Self.number(rule.major, field: field + ".major")
            minor = try Self.number(rule.minor, field: field + ".minor")
            access = 0
            for ch in try V1DevicesController.validatedAccess(rule.access, field: field) {
                switch ch {
                case "r": access |= DeviceFilterProgram.accRead
                case "w": access |= DeviceFilterProgram.accWrite
                default: access |= DeviceFilterProgram.accMknod
                }
            }
        }

        /// Negative numbers are the wildcard, as in runc's configs.
        static func number(_ n: Int64?, field: String) throws -> Int32? {
            guard let n, n >= 0 else { return nil }
            // The BPF immediate is sign-extended, so values above Int32.max could never match a u32 from the context.
            guard n <= Int64(Int32.max) else {
                throw BerthError(.invalidConfig, "\(field): \(n) is out of range for a device filter")
            }
            return Int32(n)
        }

        var matchesEverything: Bool {
            type == nil && major == nil && minor == nil && access == DeviceFilterProgram.accAll
        }

        /// Each test jumps past the end of the block (to the next rule) when it fails.
        func block() -> [BPFInstruction] {
            enum Test { case type(Int32), accessSubset, accessOverlap, major(Int32), minor(Int32) }
            var tests: [Test] = []
            if let type { tests.append(.type(type)) }
            if access != DeviceFilterProgram.accAll { tests.append(allow ? .accessSubset : .accessOverlap) }
            if let major { tests.append(.major(major)) }
            if let minor { tests.append(.minor(minor)) }

            var body: [(BPFInstruction, isJump: Bool)] = []
            for test in tests {
                switch test {
                case .type(let t):
                    body.append((.jne(dst: 2, t, offset: 0), true))
                case .accessSubset:
                    body.append((.mov32(dst: 1, src: 3), false))
                    body.append((.and32(dst: 1, access), false))
                    body.append((.jne(dst: 1, src: 3, offset: 0), true))
                case .accessOverlap:
                    body.append((.mov32(dst: 1, src: 3), false))
                    body.append((.and32(dst: 1, access), false))
                    body.append((.jeq(dst: 1, 0, offset: 0), true))
                case .major(let m):
                    body.append((.jne(dst: 4, m, offset: 0), true))
                case .minor(let m):
                    body.append((.jne(dst: 5, m, offset: 0), true))
                }
            }
            body.append((.mov32(dst: 0, allow ? 1 : 0), false))
            body.append((.exitInstruction(), false))
            let count = body.count
            return body.enumerated().map { i, entry in
                var insn = entry.0
                if entry.isJump { insn.offset = Int16(count - (i + 1)) }
                return insn
            }
        }
    }
}
