import BerthCore
import BerthEngineAPI
import Testing

@Suite struct ContainerCreateRequestTests {
    /// The request body example of `POST /containers/create` in the v1.50 swagger, verbatim.
    static let swaggerExample = #"""
    {"Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": true, "AttachStderr": true, "Tty": false, "OpenStdin": false, "StdinOnce": false, "Env": ["FOO=bar", "BAZ=quux"], "Cmd": ["date"], "Entrypoint": "", "Image": "ubuntu", "Labels": {"com.example.vendor": "Acme", "com.example.license": "GPL", "com.example.version": "1.0"}, "Volumes": {"/volumes/data": {}}, "WorkingDir": "", "NetworkDisabled": false, "MacAddress": "12:34:56:78:9a:bc", "ExposedPorts": {"22/tcp": {}}, "StopSignal": "SIGTERM", "StopTimeout": 10, "HostConfig": {"Binds": ["/tmp:/tmp"], "Links": ["redis3:redis"], "Memory": 0, "MemorySwap": 0, "MemoryReservation": 0, "NanoCpus": 500000, "CpuPercent": 80, "CpuShares": 512, "CpuPeriod": 100000, "CpuRealtimePeriod": 1000000, "CpuRealtimeRuntime": 10000, "CpuQuota": 50000, "CpusetCpus": "0,1", "CpusetMems": "0,1", "MaximumIOps": 0, "MaximumIOBps": 0, "BlkioWeight": 300, "BlkioWeightDevice": [{}], "BlkioDeviceReadBps": [{}], "BlkioDeviceReadIOps": [{}], "BlkioDeviceWriteBps": [{}], "BlkioDeviceWriteIOps": [{}], "DeviceRequests": [{"Driver": "nvidia", "Count": -1, "DeviceIDs\"": ["0", "1", "GPU-fef8089b-4820-abfc-e83e-94318197576e"], "Capabilities": [["gpu", "nvidia", "compute"]], "Options": {"property1": "string", "property2": "string"}}], "MemorySwappiness": 60, "OomKillDisable": false, "OomScoreAdj": 500, "PidMode": "", "PidsLimit": 0, "PortBindings": {"22/tcp": [{"HostPort": "11022"}]}, "PublishAllPorts": false, "Privileged": false, "ReadonlyRootfs": false, "Dns": ["8.8.8.8"], "DnsOptions": [""], "DnsSearch": [""], "VolumesFrom": ["parent", "other:ro"], "CapAdd": ["NET_ADMIN"], "CapDrop": ["MKNOD"], "GroupAdd": ["newgroup"], "RestartPolicy": {"Name": "", "MaximumRetryCount": 0}, "AutoRemove": true, "NetworkMode": "bridge", "Devices": [], "Ulimits": [{}], "LogConfig": {"Type": "json-file", "Config": {}}, "SecurityOpt": [], "StorageOpt": {}, "CgroupParent": "", "VolumeDriver": "", "ShmSize": 67108864}, "NetworkingConfig": {"EndpointsConfig": {"isolated_nw": {"IPAMConfig": {"IPv4Address": "172.20.30.33", "IPv6Address": "2001:db8:abcd::3033", "LinkLocalIPs": ["169.254.34.68", "fe80::3468"]}, "Links": ["container_1", "container_2"], "Aliases": ["server_x", "server_y"]}, "database_nw": {}}}}
    """#

    /// What docker CLI 28 sends for `docker run -d --name web -p 18080:80 busybox sleep 1000` (engine-api-wire.md §4).
    static let cliBody = #"""
    {"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["sleep","1000"],"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},"HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"18080"}]},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[24,80],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":null,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"Mounts":[{"Type":"tmpfs","Target":"/tmpfs"}],"MaskedPaths":null,"ReadonlyPaths":null},"NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}
    """#

    @Test func decodesTheSwaggerExample() throws {
        let request = try decode(ContainerCreateRequest.self, Self.swaggerExample)
        #expect(request.config.image == "ubuntu")
        #expect(request.config.env == ["FOO=bar", "BAZ=quux"])
        #expect(request.config.cmd == ["date"])
        // Go's StrSlice: a string is a one-element list.
        #expect(request.config.entrypoint == [""])
        #expect(request.config.exposedPorts == ["22/tcp": EmptyObject()])
        #expect(request.config.stopTimeout == 10)
        #expect(request.config.labels?["com.example.vendor"] == "Acme")
        let host = try #require(request.hostConfig)
        #expect(host.binds == ["/tmp:/tmp"])
        #expect(host.nanoCpus == 500000)
        #expect(host.cpuShares == 512)
        #expect(host.portBindings?["22/tcp"]??.first == PortBinding(hostIp: "", hostPort: "11022"))
        #expect(host.blkioWeightDevice == [WeightDevice()])
        #expect(host.ulimits == [Ulimit()])
        #expect(host.deviceRequests?.first?.capabilities == [["gpu", "nvidia", "compute"]])
        #expect(host.memorySwappiness == 60)
        #expect(host.pidsLimit == 0)
        #expect(host.logConfig == LogConfig(type: "json-file", config: [:]))
        #expect(host.restartPolicy == RestartPolicy(name: "", maximumRetryCount: 0))
        #expect(host.autoRemove)
        #expect(host.shmSize == 67108864)
        let endpoints = try #require(request.networkingConfig?.endpointsConfig)
        #expect(endpoints["isolated_nw"]?.ipamConfig?.ipv4Address == "172.20.30.33")
        #expect(endpoints["isolated_nw"]?.aliases == ["server_x", "server_y"])
        #expect(endpoints["database_nw"] == EndpointSettings())
    }

    @Test func decodesTheCLIBodyWithItsNulls() throws {
        let request = try decode(ContainerCreateRequest.self, Self.cliBody)
        #expect(request.config.env == nil)
        #expect(request.config.entrypoint == nil)
        #expect(request.config.cmd == ["sleep", "1000"])
        let host = try #require(request.hostConfig)
        #expect(host.networkMode == "default")
        #expect(host.consoleSize == [24, 80])
        #expect(host.pidsLimit == nil)
        #expect(host.memorySwappiness == -1)
        #expect(host.mounts == [Mount(type: "tmpfs", target: "/tmpfs")])
        #expect(host.restartPolicy.name == "no")
    }

    @Test func roundTripsTheCLIBody() throws {
        let request = try decode(ContainerCreateRequest.self, Self.cliBody)
        let reencoded = try EngineJSON.encode(request)
        let again = try EngineJSON.decode(ContainerCreateRequest.self, from: reencoded)
        #expect(again == request)
    }

    @Test func docker_pyMinimalBodyLeavesGoZeroValues() throws {
        // docker-py sends only what is set; everything else takes its zero value.
        let body = #"{"Tty": false, "OpenStdin": false, "Cmd": "echo hi", "Image": "busybox", "NetworkDisabled": false, "HostConfig": {"NetworkMode": "default"}, "Labels": null}"#
        let request = try decode(ContainerCreateRequest.self, body)
        #expect(request.config.cmd == ["echo hi"])
        #expect(request.config.hostname == "")
        #expect(request.hostConfig?.logConfig == LogConfig())
        #expect(request.hostConfig?.restartPolicy == RestartPolicy())
        #expect(request.hostConfig?.memory == 0)
        #expect(request.networkingConfig == nil)
    }

    @Test func keysMatchCaseInsensitivelyButLabelsKeepTheirCase() throws {
        let body = #"{"image":"busybox","hostconfig":{"memory":1024,"NETWORKMODE":"host"},"Labels":{"env":"prod","Image":"x"}}"#
        let request = try decode(ContainerCreateRequest.self, body)
        #expect(request.config.image == "busybox")
        #expect(request.hostConfig?.memory == 1024)
        #expect(request.hostConfig?.networkMode == "host")
        #expect(request.config.labels == ["env": "prod", "Image": "x"])
    }

    @Test func lowerCaseRequestKeysFoldEvenWhereAResponseUsesThatSpelling() throws {
        // Exec inspect answers with lower-case `privileged`/`user`/`tty`; a request's keys still fold.
        let config = try decode(ExecConfig.self, #"{"privileged":true,"user":"1000","tty":true,"cmd":"sh"}"#)
        #expect(config.privileged)
        #expect(config.user == "1000")
        #expect(config.tty)
        #expect(config.cmd == ["sh"])
    }

    @Test func decodingErrorsNameTheFieldPath() throws {
        let cases: [(String, String)] = [
            (#"{"HostConfig":{"Memory":"64m"}}"#, "HostConfig.Memory: expected a number"),
            (#"{"Tty":"yes"}"#, "Tty: expected a boolean"),
            (#"{"HostConfig":{"Mounts":[{"Type":"bind"},{"Type":7}]}}"#, "HostConfig.Mounts[1].Type: expected a string"),
            (#"{"Env":{"A":"b"}}"#, "Env: expected an array"),
            (#"{"HostConfig":{"PortBindings":{"80/tcp":[{"HostPort":80}]}}}"#, "HostConfig.PortBindings.80/tcp[0].HostPort: expected a string"),
        ]
        for (body, message) in cases {
            let error = try #require(throws: BerthError.self) { try decode(ContainerCreateRequest.self, body) }
            #expect(error.code == .invalidArgument)
            #expect(error.message == message, "body \(body)")
        }
    }

    @Test func malformedJSONIsReportedAsSuch() throws {
        let error = try #require(throws: BerthError.self) { try decode(ContainerCreateRequest.self, "{\"Image\":") }
        #expect(error.message.hasPrefix("invalid JSON"))
    }
}
