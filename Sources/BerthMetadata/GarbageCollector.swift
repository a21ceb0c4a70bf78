import BerthContent
import BerthCore
import BerthSnapshots
import GRDB
import Synchronization

/// Mark-and-sweep over every namespace (containerd's metadata GC).
///
/// Roots: image targets; containers' snapshots; the resources of unexpired leases; content and
/// snapshots labelled `containerd.io/gc.root`; `gc.ref` labels on images and containers. Edges: a
/// manifest or index to the blobs it lists; `containerd.io/gc.ref.content*` and
/// `containerd.io/gc.ref.snapshot.<snapshotter>*` labels on content and snapshots; a snapshot to its
/// parent. Sweep: unmarked namespace content records, then blobs no namespace records or marks, then
/// unmarked snapshots (children first), then stale ingests no lease holds.
///
/// Marking and the metadata and blob sweep run inside one metadata write transaction, so no writer
/// can add a reference (or commit a blob through `ContentRepository.add(namespace:labels:committing:)`)
/// between the decision and the deletion. Snapshots live in the snapshotters' own databases: one
/// created after the inventory is simply not considered, and one that gains a child meanwhile refuses
/// removal and is skipped.
public final class GarbageCollector: Sendable {
    public let metadata: MetadataStore
    public let content: ContentStore
    public let snapshotters: [any Snapshotter]
    public let options: GarbageCollectionOptions
    /// One collection at a time.
    private let running = Mutex(())

    public init(metadata: MetadataStore, content: ContentStore, snapshotters: [any Snapshotter],
                options: GarbageCollectionOptions = GarbageCollectionOptions()) {
        self.metadata = metadata
        self.content = content
        self.snapshotters = snapshotters
        self.options = options
    }

    public func collect() throws -> GarbageCollectionReport {
        try running.withLock { _ in try collectExclusively() }
    }

    private struct ContentKey: Hashable {
        var namespace: String
        var digest: Digest
    }

    private struct SnapshotKey: Hashable {
        var namespace: String
        var snapshotter: String
        var key: String
    }

    private struct SnapshotPlan {
        /// Unmarked snapshots, deepest first so children go before their parents.
        var doomed: [SnapshotKey] = []
        var leasedIngests = Set<String>()
    }

    private func collectExclusively() throws -> GarbageCollectionReport {
        let started = UnixTime.nowNanos()
        var report = GarbageCollectionReport()
        let plan = try metadata.database.write { db in try markAndSweepMetadata(db, &report) }

        let byName = Dictionary(snapshotters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for doomed in plan.doomed {
            guard let snapshotter = byName[doomed.snapshotter] else { continue }
            do {
                try snapshotter.remove(namespace: doomed.namespace, key: doomed.key)
                report.removedSnapshots += 1
            } catch let error as BerthError where error.code == .notFound {
                continue  // removed by someone else meanwhile
            } catch {
                report.skippedSnapshots += 1
                if (error as? BerthError)?.code != .illegalState { report.errors.append("\(error)") }
            }
        }

        let now = UnixTime.nowNanos()
        for ingest in (try? content.ingests()) ?? [] {
            guard !plan.leasedIngests.contains(ingest.ref), now - ingest.updatedAt > options.staleIngestAge else { continue }
            do {
                try content.abort(ref: ingest.ref)
                report.abortedIngests += 1
            } catch {
                report.errors.append("\(error)")
            }
        }
        report.durationNanos = UnixTime.nowNanos() - started
        return report
    }

    // MARK: mark

    private struct Marker {
        var liveContent = Set<ContentKey>()
        var liveSnapshots = Set<SnapshotKey>()
        var contentQueue: [(ContentKey, String?)] = []
        var snapshotQueue: [SnapshotKey] = []

        mutating func content(_ namespace: String, _ digest: Digest, mediaType: String? = nil) {
            let key = ContentKey(namespace: namespace, digest: digest)
            if liveContent.insert(key).inserted { contentQueue.append((key, mediaType)) }
        }

        mutating func snapshot(_ namespace: String, _ snapshotter: String, _ key: String) {
            let ref = SnapshotKey(namespace: namespace, snapshotter: snapshotter, key: key)
            if liveSnapshots.insert(ref).inserted { snapshotQueue.append(ref) }
        }

        mutating func labels(_ namespace: String, _ labels: [String: String]) {
            for reference in GarbageCollectionLabels.references(in: labels) {
                switch reference {
                case .content(let digest): content(namespace, digest)
                case .snapshot(let snapshotter, let key): snapshot(namespace, snapshotter, key)
                }
            }
        }
    }

    private func markAndSweepMetadata(_ db: Database, _ report: inout GarbageCollectionReport) throws -> SnapshotPlan {
        let now = UnixTime.nowNanos()
        var marker = Marker()
        var plan = SnapshotPlan()

        // Snapshot inventory, per snapshotter and namespace.
        var namespaces = Set(try String.fetchAll(db, sql: "SELECT name FROM namespaces"))
        for snapshotter in snapshotters { namespaces.formUnion(try snapshotter.namespaces()) }
        var snapshotInfos: [SnapshotKey: SnapshotInfo] = [:]
        for snapshotter in snapshotters {
            for namespace in namespaces {
                for info in try snapshotter.list(namespace: namespace, filters: []) {
                    let key = SnapshotKey(namespace: namespace, snapshotter: snapshotter.name, key: info.name)
                    snapshotInfos[key] = info
                    if info.labels[GarbageCollectionLabels.root] != nil { marker.snapshot(namespace, snapshotter.name, info.name) }
                }
            }
        }

        // Content records, all namespaces.
        var records: [ContentKey: ContentRecord] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM content") {
            let namespace: String = row["namespace"]
            let record = try ContentRepository.record(row, namespace)
            records[ContentKey(namespace: namespace, digest: record.digest)] = record
            if record.labels[GarbageCollectionLabels.root] != nil { marker.content(namespace, record.digest) }
        }

        // Roots: images.
        for row in try Row.fetchAll(db, sql: "SELECT * FROM images") {
            let namespace: String = row["namespace"]
            let image = try ImageRepository.record(row, namespace)
            marker.content(namespace, image.target.digest, mediaType: image.target.mediaType)
            marker.labels(namespace, image.labels)
        }
        // Roots: containers (their snapshot, and gc.ref labels).
        for row in try Row.fetchAll(db, sql: "SELECT namespace, labels, snapshotter, snapshot_key FROM containers") {
            let namespace: String = row["namespace"]
            let snapshotter: String = row["snapshotter"]
            let key: String = row["snapshot_key"]
            if !snapshotter.isEmpty && !key.isEmpty { marker.snapshot(namespace, snapshotter, key) }
            marker.labels(namespace, try JSONColumn.labels(row["labels"], what: "container labels in namespace \"\(namespace)\""))
        }
        // Roots: unexpired leases; expired ones are deleted.
        for row in try Row.fetchAll(db, sql: "SELECT * FROM leases") {
            let namespace: String = row["namespace"]
            let lease = try LeaseRepository.record(row, namespace)
            if lease.isExpired(at: now) {
                try db.execute(sql: "DELETE FROM leases WHERE namespace = ? AND id = ?", arguments: [namespace, lease.id])
                report.removedLeases += 1
                continue
            }
            for resource in try Row.fetchAll(
                db, sql: "SELECT type, resource_id FROM lease_resources WHERE namespace = ? AND lease_id = ?",
                arguments: [namespace, lease.id])
            {
                let type: String = resource["type"]
                let id: String = resource["resource_id"]
                if type == "content", let digest = try? Digest(parsing: id) {
                    marker.content(namespace, digest)
                } else if type == "ingests" {
                    plan.leasedIngests.insert(id)
                } else if let snapshotter = LeaseResource(id: id, type: type).snapshotter {
                    marker.snapshot(namespace, snapshotter, id)
                }
            }
        }

        // Propagate.
        while !marker.contentQueue.isEmpty || !marker.snapshotQueue.isEmpty {
            while let (key, mediaType) = marker.contentQueue.popLast() {
                if let record = records[key] { marker.labels(key.namespace, record.labels) }
                for child in children(of: key.digest, mediaType: mediaType) {
                    marker.content(key.namespace, child.digest, mediaType: child.mediaType)
                }
            }
            while let key = marker.snapshotQueue.popLast() {
                guard let info = snapshotInfos[key] else { continue }
                if let parent = info.parent { marker.snapshot(key.namespace, key.snapshotter, parent) }
                marker.labels(key.namespace, info.labels)
            }
        }

        // Sweep namespace content records, then blobs nobody records or marks.
        var recordedDigests = Set<Digest>()
        for (key, _) in records {
            if marker.liveContent.contains(key) {
                recordedDigests.insert(key.digest)
                continue
            }
            try db.execute(
                sql: "DELETE FROM content WHERE namespace = ? AND digest = ?",
                arguments: [key.namespace, key.digest.description])
            report.removedContentRecords += 1
        }
        let markedDigests = Set(marker.liveContent.map(\.digest))
        for blob in try content.list() where !recordedDigests.contains(blob.digest) && !markedDigests.contains(blob.digest) {
            do {
                try content.delete(blob.digest)
                report.removedBlobs += 1
                report.bytesFreed += blob.size
            } catch let error as BerthError where error.code == .notFound {
                continue
            } catch {
                report.errors.append("\(error)")
            }
        }

        // Snapshots to remove after the transaction, deepest first.
        func depth(_ key: SnapshotKey) -> Int {
            var depth = 0
            var current = snapshotInfos[key]
            while let parent = current?.parent, depth < 10_000 {
                depth += 1
                current = snapshotInfos[SnapshotKey(namespace: key.namespace, snapshotter: key.snapshotter, key: parent)]
            }
            return depth
        }
        plan.doomed = snapshotInfos.keys.filter { !marker.liveSnapshots.contains($0) }
            .map { ($0, depth($0)) }
            .sorted { $0.1 > $1.1 }
            .map(\.0)
        return plan
    }

    /// Children of a live blob: parsed when its media type says manifest or index, sniffed when unknown
    /// (small and starting with `{`), none otherwise or when the blob is absent.
    private func children(of digest: Digest, mediaType: String?) -> [ContentChildren.Child] {
        let parse: Bool
        switch ContentChildren.mayHaveChildren(mediaType) {
        case true?: parse = true
        case false?: parse = false
        case nil:
            guard let info = try? content.info(digest), info.size <= options.sniffLimit,
                  let first = try? content.read(digest, offset: 0, size: 1), first.first == UInt8(ascii: "{")
            else { return [] }
            parse = true
        }
        guard parse, let bytes = try? content.readAll(digest) else { return [] }
        return ContentChildren.children(of: bytes)
    }
}
