import Testing
@testable import BerthNetwork

@Suite struct IPv4AddressTests {
    @Test func parsesDottedQuadsAndRejectsTheRest() {
        #expect(IPv4Address("172.17.0.1")?.description == "172.17.0.1")
        #expect(IPv4Address("172.17.0.1")?.bytes == [172, 17, 0, 1])
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "a.b.c.d", "1..2.3", "+1.2.3.4", "1.2.3.4 "] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
    }

    @Test func subnetMathMatchesTheKernelsView() throws {
        let bip = try #require(IPv4Subnet("172.17.0.1/16"))
        #expect(bip.network.description == "172.17.0.0")
        #expect(bip.broadcast.description == "172.17.255.255")
        #expect(bip.canonical.description == "172.17.0.0/16")
        #expect(bip.contains(IPv4Address(172, 17, 200, 3)))
        #expect(!bip.contains(IPv4Address(172, 18, 0, 1)))
        let inner = try #require(IPv4Subnet("172.17.5.0/24"))
        #expect(bip.contains(inner) && !inner.contains(bip))
        #expect(bip.overlaps(inner) && inner.overlaps(bip))
        #expect(!bip.overlaps(try #require(IPv4Subnet("172.18.0.0/16"))))
        #expect(IPv4Subnet("10.0.0.0/33") == nil)
        #expect(IPv4Subnet("0.0.0.0/0")?.contains(IPv4Address(8, 8, 8, 8)) == true)
    }
}
