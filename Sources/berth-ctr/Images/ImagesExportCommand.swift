import ArgumentParser
import Foundation
import BerthSupervisorAPI
import GRPCCore
#if canImport(Glibc)
import Glibc
#endif

struct ImagesExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export images to an OCI layout tar or a docker-archive.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "oci or docker.") var format: String = "oci"
    @Argument(help: "Output file, or - for stdout.") var output: String
    @Argument(help: "Image names.") var names: [String]

    func run() async throws {
        var request = Berth_Supervisor_V1_ExportRequest()
        request.namespace = global.namespace
        request.names = names
        switch format {
        case "oci": request.format = .oci
        case "docker": request.format = .docker
        default: throw ValidationError("unknown format \"\(format)\": use oci or docker")
        }
        // Written to a temp file and renamed, so a failed export never leaves a truncated archive.
        let temp = output == "-" ? "" : output + ".berth-tmp-\(getpid())"
        let fd = output == "-" ? 1 : open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CtrFailure("create \(output): \(String(cString: strerror(errno)))") }
        do {
            let frozen = request
            try await SupervisorConnection.with(global) { client in
                try await Berth_Supervisor_V1_Images.Client(wrapping: client).exportArchive(frozen) { response in
                    for try await chunk in response.messages {
                        try chunk.data.withUnsafeBytes { bytes in
                            guard let base = bytes.baseAddress else { return }
                            var done = 0
                            while done < bytes.count {
                                let n = write(fd, base + done, bytes.count - done)
                                if n < 0 {
                                    if errno == EINTR { continue }
                                    throw CtrFailure("write \(output): \(String(cString: strerror(errno)))")
                                }
                                done += n
                            }
                        }
                    }
                }
            }
        } catch {
            if fd != 1 { close(fd); unlink(temp) }
            throw error
        }
        if fd != 1 {
            close(fd)
            guard rename(temp, output) == 0 else { throw CtrFailure("rename \(output): \(String(cString: strerror(errno)))") }
        }
    }
}
