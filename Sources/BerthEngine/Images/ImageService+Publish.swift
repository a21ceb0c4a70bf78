import BerthRegistry
import BerthCore
import BerthOCI
import BerthSupervisorAPI

extension ImageService {
    /// Writes `config` and a manifest over `layers` (already in the store), names the image
    /// (`reference`, or a dangling record when nil), unpacks it, and returns the image id.
    func publish(config: ImageConfig, layers: [Descriptor], reference: ImageReference?, uploader: BlobUploader) async throws -> String {
        let configBytes = try JSONCoding.encode(config)
        let configDigest = try await uploader.write(configBytes)
        let manifest = Manifest(config: Descriptor(mediaType: MediaTypes.ociConfig, digest: configDigest, size: Int64(configBytes.count)),
                                layers: layers)
        let manifestBytes = try JSONCoding.encode(manifest)
        let manifestDigest = try await uploader.write(manifestBytes)
        let target = Descriptor(mediaType: MediaTypes.ociManifest, digest: manifestDigest, size: Int64(manifestBytes.count))
        let recordName: String
        if let reference {
            recordName = reference.description
            try await setName(recordName, target: target)
        } else {
            recordName = DanglingImageName.name(forTarget: manifestDigest.description)
            let records = try await catalog.records()
            // A dangling image that another record already names needs no record of its own.
            if !records.contains(where: { $0.target.digest == manifestDigest.description }) {
                try await createRecord(recordName, target: Self.proto(target))
            }
        }
        if !layers.isEmpty {
            let unpackName = try await catalog.records().first { $0.target.digest == manifestDigest.description }?.name ?? recordName
            try await unpack(unpackName)
        }
        return configDigest.description
    }
}
