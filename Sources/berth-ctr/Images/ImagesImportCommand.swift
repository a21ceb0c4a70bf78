import ArgumentParser
import BerthSupervisorAPI
import GRPCCore
#if canImport(Glibc)
import Glibc
#endif

struct ImagesImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an OCI layout tar, a `docker save` archive, or a rootfs tarball (- reads stdin).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "auto, oci, docker or rootfs.") var format: String = "auto"
    @Option(help: "Image name (required for a rootfs tarball; names unnamed images otherwise).") var name: String = ""
    @Option(help: "Unpack into this snapshotter (\"\" to skip).") var snapshotter: String = "overlayfs"
    @Flag(help: "Do not unpack.") var noUnpack = false
    @Argument(help: "Archive file, or - for stdin.") var file: String

    func run() async throws {
        let archiveFormat: Berth_Supervisor_V1_ArchiveFormat
        switch format {
        case "auto": archiveFormat = .auto
        case "oci": archiveFormat = .oci
        case "docker": archiveFormat = .docker
        case "rootfs": archiveFormat = .rootfs
        default: throw ValidationError("unknown format \"\(format)\": use auto, oci, docker or rootfs")
        }
        let fd = file == "-" ? 0 : open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CtrFailure("open \(file): \(String(cString: strerror(errno)))") }
        let namespace = global.namespace
        let name = self.name
        let snapshotter = noUnpack ? "" : self.snapshotter
        let images = try await SupervisorConnection.with(global) { client in
            let images = Berth_Supervisor_V1_Images.Client(wrapping: client)
            let request = StreamingClientRequest<Berth_Supervisor_V1_ImportChunk> { writer in
                var first = true
                var buffer = [UInt8](repeating: 0, count: 1 << 20)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw CtrFailure("read \(file): \(String(cString: strerror(errno)))")
                    }
                    var chunk = Berth_Supervisor_V1_ImportChunk()
                    if first {
                        chunk.namespace = namespace
                        chunk.format = archiveFormat
                        chunk.name = name
                        chunk.snapshotter = snapshotter
                        first = false
                    }
                    if n == 0 {
                        // An empty first chunk still carries the options of an empty archive.
                        if chunk.namespace.isEmpty { break }
                    } else {
                        chunk.data = .init(buffer[0..<n])
                    }
                    try await writer.write(chunk)
                    if n == 0 { break }
                }
            }
            return try await images.importArchive(request: request) { try $0.message.images }
        }
        if fd != 0 { close(fd) }
        for image in images { print("\(image.name)\t\(image.target.digest)") }
    }
}
