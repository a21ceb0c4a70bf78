/// Streams a tar reply (export, save, cp to `-`) to `-o FILE` or stdout as it arrives.
public enum TarOutput {
    public static func copy(_ r: HTTPResponse, to path: String, ctx: CommandContext) throws {
        let out = path.isEmpty ? ctx.stdout : try LocalFile.create(path)
        defer { if !path.isEmpty { out.close() } }
        while let chunk = try r.readChunk() { out.write(chunk) }
    }
}
