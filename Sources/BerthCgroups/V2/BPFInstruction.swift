/// One eBPF instruction in the kernel's `struct bpf_insn` layout (8 bytes: opcode, dst/src register nibbles,
/// signed 16-bit offset, signed 32-bit immediate), so an array of these can be handed to bpf(2) as is.
public struct BPFInstruction: Equatable, Sendable, CustomStringConvertible {
    public var code: UInt8
    /// dst in the low nibble, src in the high nibble (little-endian bitfield order).
    public var registers: UInt8
    public var offset: Int16
    public var immediate: Int32

    public init(code: UInt8, dst: UInt8 = 0, src: UInt8 = 0, offset: Int16 = 0, immediate: Int32 = 0) {
        self.code = code
        self.registers = (dst & 0x0f) | ((src & 0x0f) << 4)
        self.offset = offset
        self.immediate = immediate
    }

    public var dst: UInt8 { registers & 0x0f }
    public var src: UInt8 { registers >> 4 }

    // Opcodes used by the device filter (linux/bpf.h, linux/bpf_common.h).
    public static let ldxMemW: UInt8 = 0x61   // BPF_LDX | BPF_MEM | BPF_W
    public static let alu32AndK: UInt8 = 0x54 // BPF_ALU | BPF_AND | BPF_K
    public static let alu32RshK: UInt8 = 0x74 // BPF_ALU | BPF_RSH | BPF_K
    public static let alu32MovK: UInt8 = 0xb4 // BPF_ALU | BPF_MOV | BPF_K
    public static let alu32MovX: UInt8 = 0xbc // BPF_ALU | BPF_MOV | BPF_X
    public static let jeqK: UInt8 = 0x15      // BPF_JMP | BPF_JEQ | BPF_K
    public static let jneK: UInt8 = 0x55      // BPF_JMP | BPF_JNE | BPF_K
    public static let jneX: UInt8 = 0x5d      // BPF_JMP | BPF_JNE | BPF_X
    public static let exit: UInt8 = 0x95      // BPF_JMP | BPF_EXIT

    public static func loadWord(dst: UInt8, src: UInt8, offset: Int16) -> BPFInstruction {
        BPFInstruction(code: ldxMemW, dst: dst, src: src, offset: offset)
    }
    public static func and32(dst: UInt8, _ imm: Int32) -> BPFInstruction {
        BPFInstruction(code: alu32AndK, dst: dst, immediate: imm)
    }
    public static func rsh32(dst: UInt8, _ imm: Int32) -> BPFInstruction {
        BPFInstruction(code: alu32RshK, dst: dst, immediate: imm)
    }
    public static func mov32(dst: UInt8, _ imm: Int32) -> BPFInstruction {
        BPFInstruction(code: alu32MovK, dst: dst, immediate: imm)
    }
    public static func mov32(dst: UInt8, src: UInt8) -> BPFInstruction {
        BPFInstruction(code: alu32MovX, dst: dst, src: src)
    }
    public static func jeq(dst: UInt8, _ imm: Int32, offset: Int16) -> BPFInstruction {
        BPFInstruction(code: jeqK, dst: dst, offset: offset, immediate: imm)
    }
    public static func jne(dst: UInt8, _ imm: Int32, offset: Int16) -> BPFInstruction {
        BPFInstruction(code: jneK, dst: dst, offset: offset, immediate: imm)
    }
    public static func jne(dst: UInt8, src: UInt8, offset: Int16) -> BPFInstruction {
        BPFInstruction(code: jneX, dst: dst, src: src, offset: offset)
    }
    public static func exitInstruction() -> BPFInstruction {
        BPFInstruction(code: exit)
    }

    public var description: String {
        "{code: 0x\(String(code, radix: 16)), dst: r\(dst), src: r\(src), off: \(offset), imm: \(immediate)}"
    }
}
