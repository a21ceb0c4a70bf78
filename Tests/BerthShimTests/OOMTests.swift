import BerthShimAPI
import Foundation
import Glibc
import Testing

@Suite(.enabled(if: ShimTestEnv.privileged && (FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/memory.oom_control")
                                               || FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory.events")),
                "needs root, the test inputs and a memory cgroup controller"))
struct OOMTests {
    @Test func oomKillIsPublished() throws {
        // 16 MiB limit; the shell builds a string far larger than that.
        let h = try ShimHarness(args: ["sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived"],
                                memoryLimit: 16 << 20)
        defer { h.cleanup() }
        try h.startShim()
        let stream = try h.client.subscribe()
        defer { stream.close() }
        try h.create()
        _ = try h.client.start()
        var sawOOM = false
        while let event = try stream.next() {
            if event.topic == ShimEvent.Topic.oom { sawOOM = true }
            if event.topic == ShimEvent.Topic.exit { break }
        }
        #expect(sawOOM, "an oom event before the exit")
    }
}
