import BerthSupervisorAPI
import Foundation
import GRPCCore
import SwiftProtobuf
import Testing

@Suite("images, content and garbage collection through the API", .serialized,
       .enabled(if: SupervisorTestEnv.privileged, SupervisorTestEnv.skipReason))
struct ImageAPITests {
    func export(_ harness: SupervisorHarness, _ names: [String], format: Berth_Supervisor_V1_ArchiveFormat) async throws -> Data {
        let ns = harness.namespace
        return try await harness.withClient { client in
            var request = Berth_Supervisor_V1_ExportRequest()
            request.namespace = ns
            request.names = names
            request.format = format
            return try await Berth_Supervisor_V1_Images.Client(wrapping: client).exportArchive(request) { response in
                var data = Data()
                for try await chunk in response.messages { data.append(chunk.data) }
                return data
            }
        }
    }

    func importArchive(_ harness: SupervisorHarness, _ data: Data, namespace: String) async throws -> [Berth_Supervisor_V1_Image] {
        try await harness.withClient { client in
            let request = StreamingClientRequest<Berth_Supervisor_V1_ImportChunk> { writer in
                var chunk = Berth_Supervisor_V1_ImportChunk()
                chunk.namespace = namespace
                chunk.data = data
                try await writer.write(chunk)
            }
            return try await Berth_Supervisor_V1_Images.Client(wrapping: client).importArchive(request: request) { try $0.message.images }
        }
    }

    func contentDigests(_ harness: SupervisorHarness, namespace: String) async throws -> Set<String> {
        try await harness.withClient { client in
            var request = Berth_Supervisor_V1_ListContentRequest()
            request.namespace = namespace
            return try await Berth_Supervisor_V1_Content.Client(wrapping: client).list(request) { response in
                var all: Set<String> = []
                for try await page in response.messages { all.formUnion(page.info.map(\.digest)) }
                return all
            }
        }
    }

    func collect(_ harness: SupervisorHarness) async throws -> Berth_Supervisor_V1_CollectGarbageResponse {
        try await harness.withClient { try await Berth_Supervisor_V1_Leases.Client(wrapping: $0).collectGarbage(.init()) }
    }

    @Test func exportThenImportKeepsTheImageInBothFormats() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        let digest = try await harness.importBusybox()
        let oci = try await export(harness, ["busybox:latest"], format: .oci)
        let docker = try await export(harness, ["busybox:latest"], format: .docker)
        #expect(oci.count > 100_000)
        #expect(docker.count > 100_000)

        let viaOCI = SupervisorTestEnv.uniqueName("oci")
        let images = try await importArchive(harness, oci, namespace: viaOCI)
        #expect(images.map(\.name) == ["busybox:latest"])
        #expect(images.first?.target.digest == digest, "an OCI round trip keeps the manifest digest")

        let viaDocker = SupervisorTestEnv.uniqueName("docker")
        let fromDocker = try await importArchive(harness, docker, namespace: viaDocker)
        #expect(fromDocker.count == 1)
        // Both imports run.
        try await harness.createContainer("fromoci", args: ["true"], namespace: viaOCI)
        try await harness.startTask("fromoci", namespace: viaOCI)
        #expect(try await harness.wait("fromoci", namespace: viaOCI) == 0)
        try await harness.removeContainer("fromoci", namespace: viaOCI)
        let dockerName = try #require(fromDocker.first?.name)
        try await harness.createContainer("fromdocker", args: ["true"], image: dockerName, namespace: viaDocker)
        try await harness.startTask("fromdocker", namespace: viaDocker)
        #expect(try await harness.wait("fromdocker", namespace: viaDocker) == 0)
        try await harness.removeContainer("fromdocker", namespace: viaDocker)
    }

    @Test func garbageCollectionHonoursImagesLeasesAndNamespaces() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        let ns = harness.namespace
        try await harness.importBusybox()
        let other = SupervisorTestEnv.uniqueName("shared")
        try await harness.importBusybox(namespace: other)
        let blobs = try await contentDigests(harness, namespace: ns)
        #expect(blobs.count == 3, "manifest, config and layer: \(blobs)")
        // The layer is the same bytes in both namespaces (stored once); config and manifest differ by
        // their creation time.
        let otherBlobs = try await contentDigests(harness, namespace: other)
        #expect(blobs.intersection(otherBlobs).count == 1)

        // A blob written under a lease survives collection until the lease goes.
        let leased = try await harness.withClient { client in
            var lease = Berth_Supervisor_V1_CreateLeaseRequest()
            lease.namespace = ns
            lease.id = "hold"
            _ = try await Berth_Supervisor_V1_Leases.Client(wrapping: client).create(lease)
            let request = StreamingClientRequest<Berth_Supervisor_V1_WriteContentRequest> { writer in
                var write = Berth_Supervisor_V1_WriteContentRequest()
                write.namespace = ns
                write.ref = "leased-blob"
                write.action = .commit
                write.lease = "hold"
                write.data = Data("a leased blob".utf8)
                write.total = Int64(write.data.count)
                try await writer.write(write)
            }
            return try await Berth_Supervisor_V1_Content.Client(wrapping: client).write(request: request) { response in
                var digest = ""
                for try await message in response.messages where !message.digest.isEmpty { digest = message.digest }
                return digest
            }
        }
        #expect(leased.hasPrefix("sha256:"))
        _ = try await collect(harness)
        #expect(try await contentDigests(harness, namespace: ns).isSuperset(of: blobs.union([leased])))

        try await harness.withClient { client in
            var delete = Berth_Supervisor_V1_DeleteLeaseRequest()
            delete.namespace = ns
            delete.id = "hold"
            delete.sync = true
            _ = try await Berth_Supervisor_V1_Leases.Client(wrapping: client).delete(delete)
        }
        #expect(try await !contentDigests(harness, namespace: ns).contains(leased))

        // Deleting the image frees its content in this namespace; the other namespace keeps the blobs.
        try await harness.withClient { client in
            var delete = Berth_Supervisor_V1_DeleteImageRequest()
            delete.namespace = ns
            delete.name = "busybox:latest"
            delete.sync = true
            _ = try await Berth_Supervisor_V1_Images.Client(wrapping: client).delete(delete)
        }
        #expect(try await contentDigests(harness, namespace: ns).isEmpty)
        #expect(try await contentDigests(harness, namespace: other) == otherBlobs)
        let onDisk = Set(((try? FileManager.default.contentsOfDirectory(atPath: harness.root + "/content/blobs/sha256")) ?? []).map { "sha256:" + $0 })
        #expect(onDisk == otherBlobs, "the shared layer stays on disk while the other namespace holds it")
    }
}
