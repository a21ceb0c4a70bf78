import BerthLinux
import Testing

@testable import BerthEngine

@Suite struct NetworkFilesTests {
    @Test func hostsFileLikeDockers() {
        let hosts = HostsFile(hostname: "web", ip: "172.17.0.2", extraHosts: ["db:10.0.0.5", "v6=[2001:db8::1]"])
        #expect(hosts.content == """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            10.0.0.5\tdb
            2001:db8::1\tv6
            172.17.0.2\tweb

            """)
        #expect(HostsFile(hostname: "web", domainname: "example.org", ip: "10.1.1.1").records.last
                    == HostsFile.Record(hosts: "web.example.org web", ip: "10.1.1.1"))
        #expect(HostsFile(hostname: "web", ip: nil, ipv6: false).content == "127.0.0.1\tlocalhost\n")
    }

    @Test func resolvConfDropsLoopbackAndFallsBackToGoogle() {
        let host = "# host file\nsearch corp.example\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nnameserver ::1\noptions edns0\n"
        #expect(ResolvConf(hostContent: host).content == "# host file\nsearch corp.example\nnameserver 10.0.0.2\noptions edns0\n")
        let onlyLocal = "nameserver 127.0.0.1\n"
        #expect(ResolvConf(hostContent: onlyLocal).content == "nameserver 8.8.8.8\nnameserver 8.8.4.4\n")
        #expect(ResolvConf(hostContent: onlyLocal, ipv6: true).content
                    == "nameserver 8.8.8.8\nnameserver 8.8.4.4\nnameserver 2001:4860:4860::8888\nnameserver 2001:4860:4860::8844\n")
        #expect(ResolvConf(hostContent: "nameserver fd00::1\nnameserver 10.0.0.2\n").content == "nameserver 10.0.0.2\n")
    }

    @Test func resolvConfOverrides() {
        let host = "search corp.example\nnameserver 10.0.0.2\noptions edns0\n"
        #expect(ResolvConf(hostContent: host, dns: ["1.1.1.1", "9.9.9.9"]).content
                    == "search corp.example\nnameserver 1.1.1.1\nnameserver 9.9.9.9\noptions edns0\n")
        #expect(ResolvConf(hostContent: host, dnsSearch: ["a.example", "b.example"], dnsOptions: ["ndots:2"]).content
                    == "search a.example b.example\nnameserver 10.0.0.2\noptions ndots:2\n")
        #expect(ResolvConf(hostContent: host, dnsSearch: ["."]).content == "nameserver 10.0.0.2\noptions edns0\n")
    }

    @Test func systemdResolvedStubIsBypassed() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        try EngineTestSupport.write(dir + "/etc", "nameserver 127.0.0.53\noptions edns0 trust-ad\n")
        try EngineTestSupport.write(dir + "/resolved", "nameserver 192.168.1.1\n")
        let source = ResolvConf.hostSource(etcPath: dir + "/etc", systemdPath: dir + "/resolved")
        #expect(source.path == dir + "/resolved")
        #expect(source.content == "nameserver 192.168.1.1\n")
        try EngineTestSupport.write(dir + "/etc2", "nameserver 10.0.0.2\n")
        #expect(ResolvConf.hostSource(etcPath: dir + "/etc2", systemdPath: dir + "/resolved").path == dir + "/etc2")
    }

    @Test func writesTheThreeFiles() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let files = ContainerNetworkFiles(directory: dir)
        try files.write(hostname: "web", ip: "172.17.0.2", dns: ["1.1.1.1"], hostResolvConf: "nameserver 127.0.0.1\n")
        #expect(try FileIO.readString(files.hostnamePath) == "web\n")
        #expect(try FileIO.readString(files.hostsPath).hasSuffix("172.17.0.2\tweb\n"))
        #expect(try FileIO.readString(files.resolvConfPath) == "nameserver 1.1.1.1\n")
    }
}
