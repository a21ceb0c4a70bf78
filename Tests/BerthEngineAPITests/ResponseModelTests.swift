import BerthEngineAPI
import Testing

/// Responses as real daemons send them decode, and re-encode to the same JSON.
@Suite struct ResponseModelTests {
    /// `GET /exec/{id}/json` example from the v1.50 swagger.
    static let execInspect = #"{"CanRemove": false, "ContainerID": "b53ee82b53a40c7dca428523e34f741f3abc51d9f297a14ff874bf761b995126", "DetachKeys": "", "ExitCode": 2, "ID": "f33bbfb39f5b142420f4759b2348913bd4a8d1a6d7fd56499cb41a1bb91d7b3b", "OpenStderr": true, "OpenStdin": true, "OpenStdout": true, "ProcessConfig": {"arguments": ["-c", "exit 2"], "entrypoint": "sh", "privileged": false, "tty": true, "user": "1000"}, "Running": false, "Pid": 42000}"#

    /// A container inspect answer in dockerd's shape (engine-api-wire.md §4).
    static let containerInspect = #"""
    {"Id":"4fa6e0f0c6786287e131c3852c58a2e01cc697a68231826813597e4994f1d6e2","Created":"2026-11-23T11:27:33.709897855Z","Path":"sleep","Args":["1000"],"State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":9543,"ExitCode":0,"Error":"","StartedAt":"2026-11-23T11:27:33.9Z","FinishedAt":"0001-01-01T00:00:00Z"},"Image":"sha256:c4c73f23a4f1","ResolvConfPath":"/var/lib/berth/engine/containers/4fa6/resolv.conf","HostnamePath":"","HostsPath":"","LogPath":"","Name":"/web","RestartCount":0,"Driver":"overlay2","Platform":"linux","MountLabel":"","ProcessLabel":"","AppArmorProfile":"","ExecIDs":null,"HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"json-file","Config":{}},"NetworkMode":"bridge","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"18080"}]},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"private","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"private","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":67108864,"Runtime":"runc","Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":null,"OomKillDisable":null,"PidsLimit":null,"Ulimits":null,"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":["/proc/asound","/proc/acpi"],"ReadonlyPaths":["/proc/bus","/proc/fs"]},"GraphDriver":{"Data":{"MergedDir":"/m","UpperDir":"/u"},"Name":"overlay2"},"Mounts":[{"Type":"volume","Name":"data","Source":"/var/lib/berth/engine/volumes/data/_data","Destination":"/data","Driver":"local","Mode":"z","RW":true,"Propagation":""}],"Config":{"Hostname":"4fa6e0f0c678","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sleep","1000"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"apitrace":"1"}},"NetworkSettings":{"Bridge":"","SandboxID":"ab12","SandboxKey":"/var/run/docker/netns/ab12","Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"18080"},{"HostIp":"::","HostPort":"18080"}]},"EndpointID":"e1","Gateway":"172.17.0.1","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"IPAddress":"172.17.0.2","IPPrefixLen":16,"IPv6Gateway":"","MacAddress":"02:42:ac:11:00:02","Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"DriverOpts":null,"GwPriority":0,"MacAddress":"02:42:ac:11:00:02","NetworkID":"n1","EndpointID":"e1","Gateway":"172.17.0.1","IPAddress":"172.17.0.2","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}
    """#

    @Test func containerInspectRoundTripsExactly() throws {
        let inspect = try decode(ContainerInspectResponse.self, Self.containerInspect)
        #expect(inspect.name == "/web")
        #expect(inspect.state?.running == true)
        #expect(inspect.state?.health == nil)
        #expect(inspect.config?.tty == false)
        #expect(inspect.hostConfig?.shmSize == 67108864)
        #expect(inspect.networkSettings?.ports?["80/tcp"]??.count == 2)
        #expect(inspect.networkSettings?.networks?["bridge"]?.ipAddress == "172.17.0.2")
        #expect(inspect.mounts?.first?.rw == true)
        #expect(inspect.graphDriver.data?["UpperDir"] == "/u")
        // Every field dockerd sent comes back, with the same values (nulls included).
        #expect(try jsonValue(try EngineJSON.encode(inspect)) == jsonValue(Self.containerInspect))
    }

    @Test func execInspectSwaggerExample() throws {
        let inspect = try decode(ExecInspect.self, Self.execInspect)
        #expect(inspect.exitCode == 2)
        #expect(inspect.processConfig?.entrypoint == "sh")
        #expect(inspect.processConfig?.user == "1000")
        #expect(inspect.pid == 42000)
        #expect(try jsonValue(try EngineJSON.encode(inspect)) == jsonValue(Self.execInspect))
    }

    @Test func runningExecHasNullExitCode() throws {
        let json = try jsonValue(try EngineJSON.encode(ExecInspect(id: "x", running: true)))
        #expect(json["ExitCode"] == .null)
    }

    @Test func execConfigAcceptsDocker_pyKeys() throws {
        let body = #"{"Container":"c","User":"","Privileged":false,"Tty":false,"AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Cmd":["echo","hi"],"Env":null,"detachKeys":"ctrl-x"}"#
        let config = try decode(ExecConfig.self, body)
        #expect(config.detachKeys == "ctrl-x")
        #expect(config.cmd == ["echo", "hi"])
        let start = try decode(ExecStartConfig.self, #"{"Detach":false,"Tty":true,"ConsoleSize":[40,120]}"#)
        #expect(start.consoleSize == [40, 120])
        #expect(start.tty)
    }

    @Test func containerSummaryAsPsSendsIt() throws {
        let item = #"{"Id":"4fa6","Names":["/web"],"Image":"busybox","ImageID":"sha256:c4c7","Command":"sleep 1000","Created":1795433403,"Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":18080,"Type":"tcp"},{"PrivatePort":443,"Type":"tcp"}],"Labels":{},"State":"running","Status":"Up 10 seconds","HostConfig":{"NetworkMode":"bridge"},"NetworkSettings":{"Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"DriverOpts":null,"GwPriority":0,"MacAddress":"","NetworkID":"n","EndpointID":"e","Gateway":"172.17.0.1","IPAddress":"172.17.0.2","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}},"Mounts":[]}"#
        let summary = try decode(ContainerSummary.self, item)
        #expect(summary.ports?.count == 2)
        #expect(summary.ports?.last?.publicPort == 0)
        #expect(summary.sizeRw == 0)
        #expect(try jsonValue(try EngineJSON.encode(summary)) == jsonValue(item))
    }

    @Test func imageSummaryHistoryAndInspect() throws {
        let image = #"{"Id":"sha256:abc","ParentId":"","RepoTags":["busybox:latest"],"RepoDigests":["busybox@sha256:def"],"Created":1700000000,"Size":4261550,"SharedSize":-1,"Labels":null,"Containers":-1}"#
        let summary = try decode(ImageSummary.self, image)
        #expect(summary.sharedSize == -1)
        #expect(try jsonValue(try EngineJSON.encode(summary)) == jsonValue(image))

        let history = #"[{"Comment":"","Created":1700000000,"CreatedBy":"/bin/sh -c #(nop)  CMD [\"sh\"]","Id":"sha256:abc","Size":0,"Tags":["busybox:latest"]},{"Comment":"","Created":1700000000,"CreatedBy":"ADD file:x in / ","Id":"<missing>","Size":4261550,"Tags":null}]"#
        let items = try decode([HistoryResponseItem].self, history)
        #expect(items.count == 2)
        #expect(items[1].id == "<missing>")
        #expect(try jsonValue(try EngineJSON.encode(items)) == jsonValue(history))

        let inspect = #"{"Id":"sha256:abc","RepoTags":["busybox:latest"],"RepoDigests":[],"Parent":"","Comment":"","Created":"2023-05-19T20:19:24.37Z","DockerVersion":"","Author":"","Config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/bin"],"Cmd":["sh"],"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"Architecture":"amd64","Os":"linux","Size":4261550,"GraphDriver":{"Data":null,"Name":"overlay2"},"RootFS":{"Type":"layers","Layers":["sha256:3d24"]},"Metadata":{"LastTagTime":"0001-01-01T00:00:00Z"}}"#
        let decoded = try decode(ImageInspect.self, inspect)
        #expect(decoded.rootFS.layers == ["sha256:3d24"])
        #expect(try jsonValue(try EngineJSON.encode(decoded)) == jsonValue(inspect))
    }

    @Test func eventsInBothShapes() throws {
        let container = #"{"status":"create","id":"abc","from":"busybox","Type":"container","Action":"create","Actor":{"ID":"abc","Attributes":{"apitrace":"1","image":"busybox","name":"goofy_galois"}},"scope":"local","time":1795433409,"timeNano":1795433409332737849}"#
        let event = try decode(EventMessage.self, container)
        #expect(event.actor.attributes?["name"] == "goofy_galois")
        #expect(event.timeNano == 1795433409332737849)
        #expect(try jsonValue(try EngineJSON.encode(event)) == jsonValue(container))

        let network = #"{"Type":"network","Action":"connect","Actor":{"ID":"n1","Attributes":{"container":"c1","name":"bridge","type":"bridge"}},"scope":"local","time":1,"timeNano":1000000000}"#
        let decoded = try decode(EventMessage.self, network)
        #expect(decoded.status == "")
        #expect(try jsonValue(try EngineJSON.encode(decoded)) == jsonValue(network))
    }

    @Test func versionAndInfo() throws {
        let version = #"{"Platform":{"Name":"Berth"},"Components":[{"Name":"Engine","Version":"0.1.0","Details":{"ApiVersion":"1.50","MinAPIVersion":"1.24"}}],"Version":"0.1.0","ApiVersion":"1.50","MinAPIVersion":"1.24","GitCommit":"abc","GoVersion":"swift6.3","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0"}"#
        let decoded = try decode(SystemVersion.self, version)
        #expect(decoded.apiVersion == "1.50")
        #expect(decoded.components?.first?.details?["MinAPIVersion"] == "1.24")
        #expect(try jsonValue(try EngineJSON.encode(decoded)) == jsonValue(version))

        // The minimal /info the CLI tolerates (engine-api-wire.md §2), plus unknown fields.
        let info = try decode(SystemInfo.self, #"{"ID":"x","Containers":2,"ServerVersion":"0.1.0","OSType":"linux","Name":"host","FutureField":{"a":1}}"#)
        #expect(info.containers == 2)
        #expect(info.swarm == SwarmInfo())
        let encoded = try jsonValue(try EngineJSON.encode(info))
        #expect(encoded["Swarm"]?["LocalNodeState"] == .string(""))
        #expect(encoded["Warnings"] == .null)
    }

    @Test func progressStreamErrorsAndAux() throws {
        let error = try decode(ProgressMessage.self, #"{"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"}"#)
        #expect(error.errorDetail?.code == 3)
        #expect(error.error.hasPrefix("The command"))
        let aux = try decode(ProgressMessage.self, #"{"aux":{"ID":"sha256:59ca670e8428"}}"#)
        #expect(aux.aux?["ID"]?.stringValue == "sha256:59ca670e8428")
        #expect(try encodedString(aux) == #"{"aux":{"ID":"sha256:59ca670e8428"}}"#)
        let push = try decode(ProgressMessage.self, #"{"aux":{"Tag":"v1","Digest":"sha256:x","Size":528}}"#)
        #expect(try encodedString(push) == #"{"aux":{"Digest":"sha256:x","Size":528,"Tag":"v1"}}"#)
    }

    @Test func updateRequestAsTheCLISendsIt() throws {
        let body = #"{"CpuShares":0,"Memory":67108864,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":null,"BlkioDeviceReadBps":null,"BlkioDeviceWriteBps":null,"BlkioDeviceReadIOps":null,"BlkioDeviceWriteIOps":null,"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":null,"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":134217728,"MemorySwappiness":null,"OomKillDisable":null,"PidsLimit":null,"Ulimits":null,"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"RestartPolicy":{"Name":"","MaximumRetryCount":0}}"#
        let update = try decode(ContainerUpdateRequest.self, body)
        #expect(update.memory == 67108864)
        #expect(update.memorySwap == 134217728)
        #expect(update.pidsLimit == nil)
        #expect(try jsonValue(try EngineJSON.encode(update)) == jsonValue(body))
    }
}
