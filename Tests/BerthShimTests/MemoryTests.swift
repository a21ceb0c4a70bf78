import BerthShimAPI
import Foundation
import Glibc
import Testing

/// The budget that decides the shim's design: an idle shim (container running, supervisor
/// connected earlier, nothing in flight) costs at most 1 MB of PSS when built static.
@Suite(.enabled(if: ShimTestEnv.privileged && ShimTestEnv.staticShim != nil,
                "needs root, the test inputs and a static berth-shim (Scripts/build-runtime, or BERTH_SHIM_STATIC_BIN)"))
struct MemoryTests {
    @Test func idleStaticShimStaysUnderOneMegabyte() throws {
        let binary = try #require(ShimTestEnv.staticShim)
        let count = 10
        var harnesses: [ShimHarness] = []
        defer { for h in harnesses { h.cleanup() } }
        for _ in 0..<count {
            let h = try ShimHarness(args: ["sleep", "1000"], shimBinary: binary)
            harnesses.append(h)
            let log = h.dir + "/out.log"
            try h.run(logPath: log)
            _ = try h.client.state()
            _ = try h.client.pids()
            _ = try h.client.stats()
            h.client.close()
        }
        usleep(500_000)
        var total = 0
        for h in harnesses {
            let pid = try #require(h.shimPid)
            let rollup = try String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8)
            let pss = rollup.split(separator: "\n").first { $0.hasPrefix("Pss:") }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? -1
            #expect(pss > 0)
            total += pss
        }
        let average = total / count
        print("idle static berth-shim: average PSS \(average) kB over \(count) shims")
        #expect(average <= 1024, "average PSS \(average) kB exceeds 1 MB")
    }
}
