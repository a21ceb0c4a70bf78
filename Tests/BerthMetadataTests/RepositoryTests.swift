import BerthCore
@testable import BerthMetadata
import BerthOCI
import Testing

struct NamespaceRepositoryTests {
    @Test func createdImplicitlyListedAndLabelled() throws {
        try withStore { store in
            #expect(try store.namespaces.list().isEmpty)
            try store.leases.create(namespace: "builds", id: "l1")
            try store.namespaces.create("default", labels: ["a": "1"])
            #expect(try store.namespaces.list().map(\.name) == ["builds", "default"])
            #expect(errorCode { try store.namespaces.create("default") } == .alreadyExists)
            var ns = try store.namespaces.get("default")
            ns.labels = ["b": "2"]
            #expect(try store.namespaces.update(ns, fieldPaths: ["labels.b"]).labels == ["a": "1", "b": "2"])
            #expect(try store.namespaces.update(ns).labels == ["b": "2"])
            #expect(errorCode { try store.namespaces.create("bad name") } == .invalidArgument)
            #expect(errorCode { try store.leases.create(namespace: "-x", id: "l") } == .invalidArgument)
        }
    }

    @Test func deleteRefusedUntilEmpty() throws {
        try withStore { store in
            try store.content.add(namespace: "ns", digest: exampleDigest, size: 3)
            #expect(errorMessage { try store.namespaces.delete("ns") } == "namespace \"ns\": not empty (1 content)")
            try store.content.delete(namespace: "ns", digest: exampleDigest)
            try store.namespaces.delete("ns")
            #expect(errorCode { _ = try store.namespaces.get("ns") } == .notFound)
            #expect(errorCode { try store.namespaces.delete("ns") } == .notFound)
        }
    }
}

struct ImageRepositoryTests {
    func image(_ name: String, digest: Digest = exampleDigest, labels: [String: String] = [:]) -> ImageRecord {
        ImageRecord(
            name: name,
            target: Descriptor(mediaType: MediaTypes.ociIndex, digest: digest, size: 123, annotations: ["org.opencontainers.image.ref.name": "1"]),
            labels: labels)
    }

    @Test func createGetListUpdateDelete() throws {
        try withStore { store in
            let created = try store.images.create(namespace: "default", image: image("docker.io/library/alpine:3", labels: ["tier": "base"]))
            #expect(created.createdAt > 0 && created.createdAt == created.updatedAt)
            try store.images.create(namespace: "default", image: image("docker.io/library/busybox:1", digest: otherDigest))
            #expect(errorCode { try store.images.create(namespace: "default", image: image("docker.io/library/alpine:3")) } == .alreadyExists)

            let got = try store.images.get(namespace: "default", name: "docker.io/library/alpine:3")
            #expect(got == created)
            #expect(got.target.annotations?["org.opencontainers.image.ref.name"] == "1")
            #expect(errorMessage { _ = try store.images.get(namespace: "default", name: "nope") }
                == "image \"nope\" in namespace \"default\": not found")

            #expect(try store.images.list(namespace: "default").count == 2)
            #expect(try store.images.list(namespace: "default", filters: ["name==docker.io/library/busybox:1"]).map(\.name) == ["docker.io/library/busybox:1"])
            #expect(try store.images.list(namespace: "default", filters: ["labels.\"tier\"==base"]).map(\.name) == ["docker.io/library/alpine:3"])
            #expect(try store.images.list(namespace: "default", filters: ["target.digest==\(otherDigest)"]).count == 1)
            #expect(try store.images.list(namespace: "other").isEmpty, "namespaces do not see each other")

            var change = image("docker.io/library/alpine:3", digest: otherDigest, labels: ["new": "x"])
            let labelOnly = try store.images.update(namespace: "default", image: change, fieldPaths: ["labels.new"])
            #expect(labelOnly.labels == ["tier": "base", "new": "x"] && labelOnly.target.digest == exampleDigest)
            #expect(labelOnly.updatedAt >= labelOnly.createdAt)
            let retarget = try store.images.update(namespace: "default", image: change, fieldPaths: ["target"])
            #expect(retarget.target.digest == otherDigest)
            change.labels = [:]
            #expect(try store.images.update(namespace: "default", image: change).labels.isEmpty)
            #expect(errorCode { try store.images.update(namespace: "default", image: change, fieldPaths: ["name"]) } == .invalidArgument)
            #expect(errorCode { try store.images.update(namespace: "other", image: change) } == .notFound)

            try store.images.delete(namespace: "default", name: "docker.io/library/alpine:3")
            #expect(errorCode { try store.images.delete(namespace: "default", name: "docker.io/library/alpine:3") } == .notFound)
        }
    }
}

struct ContainerRepositoryTests {
    @Test func roundTripUpdateRulesAndFilters() throws {
        try withStore { store in
            let spec = TypedValue(typeURL: "types.containerd.io/opencontainers/runtime-spec/1/Spec", value: Array("{\"ociVersion\":\"1.2.0\"}".utf8))
            let container = ContainerRecord(
                id: "web-1", runtime: .init(name: "io.containerd.runc.v2", options: TypedValue(typeURL: "x/Options", value: [])),
                labels: ["app": "web"], image: "docker.io/library/nginx:1", spec: spec,
                snapshotter: "overlayfs", snapshotKey: "web-1", extensions: ["ext": TypedValue(typeURL: "t", value: [1, 2, 3])])
            let created = try store.containers.create(namespace: "default", container: container)
            let got = try store.containers.get(namespace: "default", id: "web-1")
            #expect(got == created)
            #expect(got.spec == spec && got.runtime.options?.value == [] && got.extensions["ext"]?.value == [1, 2, 3])
            #expect(errorCode { try store.containers.create(namespace: "default", container: container) } == .alreadyExists)
            #expect(errorCode { try store.containers.create(namespace: "default", container: ContainerRecord(id: "x", runtime: .init(name: ""))) } == .invalidArgument)
            #expect(errorCode { try store.containers.create(namespace: "default", container: ContainerRecord(id: "bad/id", runtime: .init(name: "r"))) } == .invalidArgument)

            try store.containers.create(namespace: "default", container: ContainerRecord(id: "db", runtime: .init(name: "io.containerd.runc.v2"), labels: ["app": "db"]))
            #expect(try store.containers.list(namespace: "default", filters: ["labels.app==web"]).map(\.id) == ["web-1"])
            #expect(try store.containers.list(namespace: "default", filters: ["image~=nginx", "id==db"]).map(\.id) == ["db", "web-1"])
            #expect(try store.containers.list(namespace: "elsewhere").isEmpty)

            var change = got
            change.labels["app"] = nil
            change.labels["v"] = "2"
            change.extensions = ["other": TypedValue(typeURL: "u", value: [9])]
            change.image = "docker.io/library/nginx:2"
            let updated = try store.containers.update(namespace: "default", container: change, fieldPaths: ["labels.v", "extensions.other", "image"])
            #expect(updated.labels == ["app": "web", "v": "2"])
            #expect(updated.extensions.keys.sorted() == ["ext", "other"])
            #expect(try store.containers.get(namespace: "default", id: "web-1") == updated)
            change.runtime.name = "other"
            #expect(errorCode { try store.containers.update(namespace: "default", container: change) } == .invalidArgument)
            #expect(errorCode { try store.containers.update(namespace: "default", container: change, fieldPaths: ["runtime"]) } == .invalidArgument)
            change.runtime.name = got.runtime.name
            change.spec = nil
            let replaced = try store.containers.update(namespace: "default", container: change)
            #expect(replaced.spec == nil && replaced.extensions.keys.sorted() == ["other"] && replaced.labels == ["v": "2"])

            try store.containers.delete(namespace: "default", id: "web-1")
            #expect(errorCode { _ = try store.containers.get(namespace: "default", id: "web-1") } == .notFound)
        }
    }
}

struct ContentRepositoryTests {
    @Test func recordsArePerNamespace() throws {
        try withStore { store in
            try store.content.add(namespace: "a", digest: exampleDigest, size: 10, labels: ["k": "v"])
            #expect(errorCode { try store.content.add(namespace: "a", digest: exampleDigest, size: 10) } == .alreadyExists)
            #expect(errorCode { _ = try store.content.info(namespace: "b", digest: exampleDigest) } == .notFound)
            try store.content.add(namespace: "b", digest: exampleDigest, size: 10)
            try store.content.add(namespace: "a", digest: otherDigest, size: 20)
            #expect(try store.content.list(namespace: "a").count == 2)
            #expect(try store.content.list(namespace: "a", filters: ["labels.k==v"]).map(\.digest) == [exampleDigest])
            #expect(try store.content.list(namespace: "a", filters: ["size==20"]).map(\.digest) == [otherDigest])

            var record = try store.content.info(namespace: "a", digest: exampleDigest)
            record.labels = ["containerd.io/gc.root": "x"]
            #expect(try store.content.update(namespace: "a", record: record, fieldPaths: ["labels.containerd.io/gc.root"]).labels
                == ["k": "v", "containerd.io/gc.root": "x"])
            #expect(try store.content.info(namespace: "b", digest: exampleDigest).labels.isEmpty)

            try store.content.delete(namespace: "a", digest: exampleDigest)
            #expect(try store.content.exists(namespace: "b", digest: exampleDigest))
            #expect(errorMessage { try store.content.delete(namespace: "a", digest: exampleDigest) }
                == "content \(exampleDigest) in namespace \"a\": not found")
        }
    }
}

struct LeaseRepositoryTests {
    @Test func leasesAndResources() throws {
        try withStore { store in
            try store.leases.create(namespace: "default", id: "pull-1", labels: ["containerd.io/gc.expire": "2999-01-01T00:00:00Z"])
            #expect(errorCode { try store.leases.create(namespace: "default", id: "pull-1") } == .alreadyExists)
            try store.leases.create(namespace: "default", id: "pull-2")
            #expect(try store.leases.list(namespace: "default", filters: ["id==pull-2"]).map(\.id) == ["pull-2"])
            #expect(try store.leases.list(namespace: "other").isEmpty)

            try store.leases.addResource(namespace: "default", leaseID: "pull-1", resource: .content(exampleDigest.description))
            try store.leases.addResource(namespace: "default", leaseID: "pull-1", resource: .content(exampleDigest.description))
            try store.leases.addResource(namespace: "default", leaseID: "pull-1", resource: .snapshot("k", snapshotter: "overlayfs"))
            try store.leases.addResource(namespace: "default", leaseID: "pull-1", resource: .ingest("ref-1"))
            #expect(try store.leases.listResources(namespace: "default", leaseID: "pull-1").map(\.type) == ["content", "ingests", "snapshots/overlayfs"])
            #expect(errorCode { try store.leases.addResource(namespace: "default", leaseID: "pull-1", resource: LeaseResource(id: "x", type: "bogus")) } == .invalidArgument)
            #expect(errorCode { try store.leases.addResource(namespace: "default", leaseID: "pull-1", resource: .content("sha256:nothex")) } == .invalidArgument)
            #expect(errorCode { try store.leases.addResource(namespace: "default", leaseID: "none", resource: .ingest("r")) } == .notFound)
            try store.leases.deleteResource(namespace: "default", leaseID: "pull-1", resource: .ingest("ref-1"))
            #expect(try store.leases.listResources(namespace: "default", leaseID: "pull-1").count == 2)

            try store.leases.delete(namespace: "default", id: "pull-1")
            #expect(errorCode { _ = try store.leases.listResources(namespace: "default", leaseID: "pull-1") } == .notFound)
            #expect(errorCode { try store.leases.delete(namespace: "default", id: "pull-1") } == .notFound)
        }
    }

    @Test func expiryLabelParsing() {
        let billion: Int64 = 1_000_000_000
        #expect(UnixTime.parseRFC3339("1970-01-01T00:00:00Z") == 0)
        #expect(UnixTime.parseRFC3339("2001-09-09T01:46:40Z") == billion * billion)
        #expect(UnixTime.parseRFC3339("2001-09-09T03:46:40.5+02:00") == billion * billion + 500_000_000)
        #expect(UnixTime.parseRFC3339("2001-09-09T01:46:40.123456789123Z") == billion * billion + 123_456_789)
        #expect(UnixTime.parseRFC3339("2001-09-09 01:46:40") == nil)
        #expect(UnixTime.parseRFC3339("yesterday") == nil)
        let lease = LeaseRecord(id: "l", labels: [LeaseRecord.expireLabel: "2001-09-09T01:46:40Z"])
        #expect(lease.isExpired(at: billion * billion) && !lease.isExpired(at: 0))
        #expect(!LeaseRecord(id: "l", labels: [LeaseRecord.expireLabel: "garbage"]).isExpired(at: .max))
    }
}
