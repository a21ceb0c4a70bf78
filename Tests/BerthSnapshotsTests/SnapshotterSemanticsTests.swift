import BerthCore
import BerthLinux
@testable import BerthSnapshots
import Dispatch
import Glibc
import Synchronization
import Testing

enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case overlay, native
    var testDescription: String { rawValue }

    func make(_ dir: String) throws -> any Snapshotter {
        switch self {
        case .overlay: return try OverlaySnapshotter(root: dir + "/snapshots/overlayfs")
        case .native: return try NativeSnapshotter(root: dir + "/snapshots/native")
        }
    }
}

/// Metadata semantics; none of these mount anything, so they run without root.
struct SnapshotterSemanticsTests {
    @Test(arguments: Backend.allCases) func prepareCommitStatAndList(_ backend: Backend) throws {
        try withTemporaryDirectory { dir in
            let s = try backend.make(dir)
            let base = try s.prepare(namespace: "default", key: "base-active", parent: nil, labels: ["l": "1"])
            #expect(base.count == 1 && base[0].type == "bind" && base[0].options.contains("rw"))
            #expect(try s.stat(namespace: "default", key: "base-active").kind == .active)
            try s.commit(namespace: "default", name: "base", key: "base-active", labels: ["c": "2"])

            #expect(expectCode(.notFound) { _ = try s.stat(namespace: "default", key: "base-active") } != nil)
            let info = try s.stat(namespace: "default", key: "base")
            #expect(info.kind == .committed && info.parent == nil && info.labels == ["c": "2"])

            _ = try s.prepare(namespace: "default", key: "child", parent: "base", labels: [:])
            _ = try s.view(namespace: "default", key: "look", parent: "base", labels: ["role": "view"])
            #expect(try s.stat(namespace: "default", key: "child").parent == "base")
            #expect(try s.list(namespace: "default").map(\.name) == ["base", "child", "look"])
            #expect(try s.list(namespace: "default", filters: ["kind==committed"]).map(\.name) == ["base"])
            #expect(try s.list(namespace: "default", filters: ["parent==base,kind==view"]).map(\.name) == ["look"])
            #expect(try s.list(namespace: "default", filters: ["labels.role==view", "name==child"]).map(\.name) == ["child", "look"])
        }
    }

    @Test(arguments: Backend.allCases) func refusals(_ backend: Backend) throws {
        try withTemporaryDirectory { dir in
            let s = try backend.make(dir)
            _ = try s.prepare(namespace: "ns", key: "a", parent: nil, labels: [:])
            #expect(expectCode(.alreadyExists) { _ = try s.prepare(namespace: "ns", key: "a", parent: nil, labels: [:]) } != nil)
            #expect(expectCode(.invalidArgument) { _ = try s.prepare(namespace: "ns", key: "b", parent: "a", labels: [:]) } != nil,
                    "an active snapshot cannot be a parent")
            let missing = expectCode(.notFound) { _ = try s.prepare(namespace: "ns", key: "b", parent: "nope", labels: [:]) }
            #expect(missing?.message.contains("\"nope\"") == true)
            let notFound = expectCode(.notFound) { _ = try s.stat(namespace: "ns", key: "k") }
            #expect(notFound?.message == "snapshot \"k\" in namespace \"ns\": not found")

            _ = try s.view(namespace: "ns", key: "v", parent: nil, labels: [:])
            #expect(expectCode(.illegalState) { try s.commit(namespace: "ns", name: "c", key: "v", labels: [:]) } != nil)
            try s.commit(namespace: "ns", name: "c", key: "a", labels: [:])
            _ = try s.prepare(namespace: "ns", key: "a2", parent: nil, labels: [:])
            #expect(expectCode(.alreadyExists) { try s.commit(namespace: "ns", name: "c", key: "a2", labels: [:]) } != nil)
            #expect(expectCode(.illegalState) { _ = try s.mounts(namespace: "ns", key: "c") } != nil)
            #expect(expectCode(.invalidArgument) { _ = try s.prepare(namespace: "", key: "x", parent: nil, labels: [:]) } != nil)
        }
    }

    @Test(arguments: Backend.allCases) func removeIsRefusedWhileChildrenExist(_ backend: Backend) throws {
        try withTemporaryDirectory { dir in
            let s = try backend.make(dir)
            _ = try s.prepare(namespace: "default", key: "p", parent: nil, labels: [:])
            try s.commit(namespace: "default", name: "parent", key: "p", labels: [:])
            let mounts = try s.prepare(namespace: "default", key: "kid", parent: "parent", labels: [:])
            let refused = expectCode(.illegalState) { try s.remove(namespace: "default", key: "parent") }
            #expect(refused?.message.contains("snapshot \"parent\" in namespace \"default\"") == true)
            try s.remove(namespace: "default", key: "kid")
            try s.remove(namespace: "default", key: "parent")
            #expect(try s.list(namespace: "default").isEmpty)
            let source = backend == .overlay
                ? mounts[0].options.first { $0.hasPrefix("upperdir=") }.map { String($0.dropFirst(9)) } ?? ""
                : mounts[0].source
            #expect(!source.isEmpty && !FileIO.exists(source), "the snapshot's directory goes with it")
        }
    }

    @Test(arguments: Backend.allCases) func labelsUpdateByFieldPath(_ backend: Backend) throws {
        try withTemporaryDirectory { dir in
            let s = try backend.make(dir)
            _ = try s.prepare(namespace: "default", key: "k", parent: nil, labels: ["a": "1", "b": "2"])
            var info = try s.stat(namespace: "default", key: "k")
            info.labels = ["a": "9", "c": "3"]
            #expect(try s.update(namespace: "default", info: info, fieldPaths: ["labels.a", "labels.b"]).labels == ["a": "9"])
            #expect(try s.update(namespace: "default", info: info, fieldPaths: []).labels == ["a": "9", "c": "3"])
            #expect(expectCode(.invalidArgument) { _ = try s.update(namespace: "default", info: info, fieldPaths: ["parent"]) } != nil)
        }
    }

    @Test(arguments: Backend.allCases) func namespacesIsolateKeys(_ backend: Backend) throws {
        try withTemporaryDirectory { dir in
            let s = try backend.make(dir)
            let one = try s.prepare(namespace: "one", key: "same", parent: nil, labels: ["ns": "one"])
            let two = try s.prepare(namespace: "two", key: "same", parent: nil, labels: ["ns": "two"])
            #expect(one[0].source != two[0].source)
            #expect(try s.stat(namespace: "one", key: "same").labels["ns"] == "one")
            #expect(expectCode(.notFound) { _ = try s.stat(namespace: "three", key: "same") } != nil)
            try s.commit(namespace: "one", name: "base", key: "same", labels: [:])
            #expect(expectCode(.notFound) { _ = try s.prepare(namespace: "two", key: "x", parent: "base", labels: [:]) } != nil,
                    "a parent in another namespace is invisible")
            try s.remove(namespace: "one", key: "base")
            #expect(try s.list(namespace: "two").map(\.name) == ["same"])
            #expect(try s.namespaces() == ["two"])
        }
    }

    @Test(arguments: Backend.allCases) func usageCountsBytesAndHardlinksOnce(_ backend: Backend) throws {
        try withTemporaryDirectory { dir in
            let s = try backend.make(dir)
            let mounts = try s.prepare(namespace: "default", key: "k", parent: nil, labels: [:])
            let fs = mounts[0].source
            try FileIO.write(fs + "/big", [UInt8](repeating: 7, count: 200_000))
            #expect(link(fs + "/big", fs + "/big-link") == 0)
            let usage = try s.usage(namespace: "default", key: "k")
            #expect(usage.size >= 200_000 && usage.size < 400_000, "\(usage)")
            #expect(usage.inodes == 2, "the root dir and one file: \(usage)")
            try s.commit(namespace: "default", name: "c", key: "k", labels: [:])
            #expect(try s.usage(namespace: "default", key: "c") == usage, "recorded at commit")
        }
    }

    @Test(arguments: Backend.allCases) func cleanupRemovesCrashLeftovers(_ backend: Backend) throws {
        try withTemporaryDirectory { dir in
            let s = try backend.make(dir)
            let kept = try s.prepare(namespace: "default", key: "kept", parent: nil, labels: [:])
            let snapshots = dir + "/snapshots/\(backend == .overlay ? "overlayfs" : "native")/snapshots"
            for leftover in ["9999/fs", "new-123/fs", "rm-77/fs/deep"] { try FileIO.mkdirAll(snapshots + "/" + leftover) }
            #expect(try s.cleanup() == 3)
            #expect(try FileIO.list(snapshots).count == 1)
            #expect(FileIO.isDirectory(kept[0].source))
            #expect(try s.cleanup() == 0)
        }
    }

    @Test(arguments: Backend.allCases) func concurrentPreparesGetDistinctDirectories(_ backend: Backend) throws {
        try withTemporaryDirectory { dir in
            let s = try backend.make(dir)
            _ = try s.prepare(namespace: "default", key: "b", parent: nil, labels: [:])
            try s.commit(namespace: "default", name: "base", key: "b", labels: [:])
            let count = 24
            let results = Results(count: count)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                results.set(i, Result { try s.prepare(namespace: "default", key: "k\(i)", parent: i % 2 == 0 ? "base" : nil, labels: [:]) })
            }
            var sources = Set<String>()
            for result in results.all {
                let mounts = try result.get()
                let source = mounts[0].options.first { $0.hasPrefix("upperdir=") } ?? mounts[0].source
                sources.insert(source)
            }
            #expect(sources.count == count)
            #expect(try s.list(namespace: "default").count == count + 1)
        }
    }

    @Test func overlayRefusesOptionsLongerThanAPage() throws {
        try withTemporaryDirectory { dir in
            let deep = dir + "/" + String(repeating: "d", count: 200) + "/" + String(repeating: "e", count: 200)
            let s = try OverlaySnapshotter(root: deep)
            var parent: String?
            var failure: BerthError?
            for i in 0..<20 {
                do {
                    _ = try s.prepare(namespace: "default", key: "a\(i)", parent: parent, labels: [:])
                } catch let error as BerthError {
                    failure = error
                    break
                }
                try s.commit(namespace: "default", name: "l\(i)", key: "a\(i)", labels: [:])
                parent = "l\(i)"
            }
            #expect(failure?.code == .unsupported)
            #expect(failure?.message.contains("page") == true)
            #expect(try s.list(namespace: "default", filters: ["kind==active"]).isEmpty, "the refused snapshot is not kept")
        }
    }

    @Test func overlayMountShapes() throws {
        try withTemporaryDirectory { dir in
            let s = try OverlaySnapshotter(root: dir)
            _ = try s.prepare(namespace: "default", key: "a", parent: nil, labels: [:])
            try s.commit(namespace: "default", name: "l1", key: "a", labels: [:])
            let single = try s.view(namespace: "default", key: "v1", parent: "l1", labels: [:])
            #expect(single.count == 1 && single[0].type == "bind" && single[0].options == ["ro", "rbind"])
            _ = try s.prepare(namespace: "default", key: "b", parent: "l1", labels: [:])
            try s.commit(namespace: "default", name: "l2", key: "b", labels: [:])
            let view = try s.view(namespace: "default", key: "v2", parent: "l2", labels: [:])
            #expect(view[0].type == "overlay" && view[0].options.count == 1)
            let lowers = view[0].options[0].dropFirst("lowerdir=".count).split(separator: ":")
            #expect(lowers.count == 2 && lowers[1] == single[0].source[...], "nearest first, the base last: \(lowers)")
            let active = try s.prepare(namespace: "default", key: "c", parent: "l2", labels: [:])
            #expect(active[0].options.map { $0.prefix { $0 != "=" } } == ["workdir", "upperdir", "lowerdir"])
            #expect(try s.mounts(namespace: "default", key: "c") == active)
            let empty = try s.view(namespace: "default", key: "v0", parent: nil, labels: [:])
            #expect(empty[0].options == ["ro", "rbind"])
        }
    }

    @Test func factoryPicksByProbeOrPreference() throws {
        try withTemporaryDirectory { dir in
            #expect(try SnapshotterFactory.make(root: dir, preferred: "native").name == "native")
            #expect(try SnapshotterFactory.make(root: dir, preferred: "overlayfs").name == "overlayfs")
            #expect(expectCode(.invalidArgument) { _ = try SnapshotterFactory.make(root: dir, preferred: "zfs") } != nil)
            let picked = try SnapshotterFactory.make(root: dir)
            #expect(picked.name == (overlayMountable ? "overlayfs" : "native"))
            #expect(try FileIO.list(dir + "/snapshots").allSatisfy { !$0.hasPrefix("overlay-probe") }, "the probe cleans up")
        }
    }
}

/// Per-iteration results of a concurrentPerform.
final class Results: Sendable {
    private let values: Mutex<[Result<[Mount], any Error>?]>

    init(count: Int) {
        values = Mutex(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ value: Result<[Mount], any Error>) {
        values.withLock { $0[index] = value }
    }

    var all: [Result<[Mount], any Error>] {
        values.withLock { $0.compactMap { $0 } }
    }
}
