@testable import BerthCgroups
import BerthCore
import Foundation
import Testing

@Suite struct ConversionTests {
    @Test func sharesToWeightMatchesRunc() {
        #expect(V2CPUController.weight(shares: 2) == 1)
        #expect(V2CPUController.weight(shares: 1024) == 39)
        #expect(V2CPUController.weight(shares: 262144) == 10000)
        #expect(V2CPUController.weight(shares: 1) == 1)
    }

    @Test func swapConversionMatchesRunc() throws {
        #expect(try V2MemoryController.swapValue(swap: 0, limit: -1) == -1)
        #expect(try V2MemoryController.swapValue(swap: -1, limit: 100) == -1)
        #expect(try V2MemoryController.swapValue(swap: 0, limit: 100) == 0)
        #expect(try V2MemoryController.swapValue(swap: 300, limit: 100) == 200)
        #expect(throws: BerthError.self) { try V2MemoryController.swapValue(swap: 50, limit: 100) }
        #expect(throws: BerthError.self) { try V2MemoryController.swapValue(swap: 50, limit: 0) }
    }

    @Test func ioWeightAndPidsLimit() {
        #expect(V2IOController.ioWeight(blkioWeight: 10) == 1)
        #expect(V2IOController.ioWeight(blkioWeight: 1000) == 10000)
        #expect(V2IOController.ioWeight(blkioWeight: 500) == 1 + 490 * 9999 / 990)
        #expect(PidsLimit.value(-1) == "max")
        #expect(PidsLimit.value(0) == "max")
        #expect(PidsLimit.value(7) == "7")
    }

    @Test func statsJSONHasRuncShape() throws {
        var s = CgroupStats()
        s.cpu.usage.total = 5
        s.cpu.usage.percpu = [2, 3]
        s.memory.usage.usage = 10
        s.memory.raw = ["cache": 1]
        s.pids.current = 2
        s.hugetlb["2MB"] = CgroupStats.Hugetlb()
        s.blkio.ioServiceBytesRecursive = [.init(major: 8, minor: 0, op: "Read", value: 4)]
        let data = try JSONEncoder().encode(s)
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cpu = try #require(obj["cpu"] as? [String: Any])
        let usage = try #require(cpu["usage"] as? [String: Any])
        #expect(usage["total"] as? Int == 5)
        #expect(usage["percpu"] as? [Int] == [2, 3])
        #expect(usage["kernel"] as? Int == 0)
        #expect((cpu["throttling"] as? [String: Any])?.isEmpty == true)
        let memory = try #require(obj["memory"] as? [String: Any])
        let memUsage = try #require(memory["usage"] as? [String: Any])
        #expect(memUsage["usage"] as? Int == 10 && memUsage["limit"] as? Int == 0 && memUsage["failcnt"] as? Int == 0)
        #expect(memUsage["max"] == nil)
        #expect(memory["swap"] != nil && memory["kernel"] != nil)
        #expect((memory["raw"] as? [String: Int])?["cache"] == 1)
        #expect((obj["pids"] as? [String: Any])?["current"] as? Int == 2)
        #expect(((obj["hugetlb"] as? [String: Any])?["2MB"] as? [String: Any])?["failcnt"] as? Int == 0)
        let blk = try #require((obj["blkio"] as? [String: Any])?["ioServiceBytesRecursive"] as? [[String: Any]])
        #expect(blk.first?["op"] as? String == "Read" && blk.first?["major"] as? Int == 8 && blk.first?["minor"] == nil)
        #expect(try JSONDecoder().decode(CgroupStats.self, from: data) == s)
        #expect(try JSONDecoder().decode(CgroupStats.self, from: Data("{}".utf8)) == CgroupStats())
    }
}
