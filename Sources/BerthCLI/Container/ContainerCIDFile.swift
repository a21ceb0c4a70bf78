/// --cidfile: docker refuses an existing file before creating anything and writes the ID after.
public enum ContainerCIDFile {
    public static func checkAbsent(_ path: String?) throws {
        guard let path, LocalFile.exists(path) else { return }
        throw CLIError.message("container ID file found, make sure the other container isn't running or delete \(path)", status: 1)
    }

    public static func write(_ path: String?, _ id: String) throws {
        guard let path else { return }
        let out = try LocalFile.create(path, exclusive: false)
        out.write(id)
        out.close()
    }
}
