#if canImport(Glibc)
import Glibc
#endif

/// command.PromptForConfirmation: prints `<message> [y/N] ` and reads one line from stdin; only
/// `y`/`Y` confirms. A "no" ends prune commands silently with status 0, as docker 28 does.
/// Reads the command's stdin descriptor (fd 0 unless a test hands in a pipe).
public enum Confirmation {
    public static func ask(_ ctx: CommandContext, _ message: String) -> Bool {
        ctx.stdout.write(message + " [y/N] ")
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(ctx.stdin, &byte, 1) == 1 {
            if byte == 0x0A { break }
            line.append(byte)
        }
        let answer = String(decoding: line, as: UTF8.self).trimmingSpaces()
        return answer == "y" || answer == "Y"
    }
}
