@testable import BerthCgroups

/// Just enough of an eBPF interpreter to run generated device filters: the opcodes DeviceFilterProgram emits,
/// with the kernel's semantics (ALU32 zero-extends, K operands of 64-bit jumps are sign-extended).
struct BPFInterpreter {
    enum Failure: Error, Equatable { case unknownOpcode(UInt8), outOfBounds(Int), noExit, badLoad(Int) }

    /// Runs `program` over a bpf_cgroup_dev_ctx and returns r0.
    static func run(_ program: [BPFInstruction], type: Int32, access: Int32, major: UInt32, minor: UInt32) throws -> UInt64 {
        var ctx: [UInt8] = []
        for word in [UInt32(bitPattern: type) | (UInt32(bitPattern: access) << 16), major, minor] {
            withUnsafeBytes(of: word.littleEndian) { ctx += $0 }
        }
        var r = [UInt64](repeating: 0, count: 11)
        var pc = 0
        var steps = 0
        while steps < 10_000 {
            steps += 1
            guard pc >= 0, pc < program.count else { throw Failure.outOfBounds(pc) }
            let insn = program[pc]
            let dst = Int(insn.dst), src = Int(insn.src)
            let imm64 = UInt64(bitPattern: Int64(insn.immediate))
            pc += 1
            switch insn.code {
            case BPFInstruction.ldxMemW:
                // r1 is the context pointer: model it as base 0.
                guard src == 1 else { throw Failure.badLoad(pc - 1) }
                let off = Int(insn.offset)
                guard off >= 0, off + 4 <= ctx.count else { throw Failure.badLoad(pc - 1) }
                r[dst] = UInt64(ctx[off]) | UInt64(ctx[off + 1]) << 8 | UInt64(ctx[off + 2]) << 16 | UInt64(ctx[off + 3]) << 24
            case BPFInstruction.alu32AndK:
                r[dst] = UInt64(UInt32(truncatingIfNeeded: r[dst]) & UInt32(bitPattern: insn.immediate))
            case BPFInstruction.alu32RshK:
                r[dst] = UInt64(UInt32(truncatingIfNeeded: r[dst]) >> UInt32(insn.immediate & 31))
            case BPFInstruction.alu32MovK:
                r[dst] = UInt64(UInt32(bitPattern: insn.immediate))
            case BPFInstruction.alu32MovX:
                r[dst] = UInt64(UInt32(truncatingIfNeeded: r[src]))
            case BPFInstruction.jeqK:
                if r[dst] == imm64 { pc += Int(insn.offset) }
            case BPFInstruction.jneK:
                if r[dst] != imm64 { pc += Int(insn.offset) }
            case BPFInstruction.jneX:
                if r[dst] != r[src] { pc += Int(insn.offset) }
            case BPFInstruction.exit:
                return r[0]
            default:
                throw Failure.unknownOpcode(insn.code)
            }
        }
        throw Failure.noExit
    }
}
