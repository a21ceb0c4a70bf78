import Testing
import BerthCore
import BerthEngineAPI
@testable import BerthCLI

/// The create/run flag mapping (docker's opts.go) as a pure function.
struct ContainerCreateOptionsTests {
    func parse(_ args: [String], detach: Bool = false, run: Bool = true) throws -> ContainerCreateOptions {
        let flags = ContainerCreateFlags.all + (run ? ContainerCreateFlags.runOnly : [])
        let parsed = try ArgumentParser.parse(args, flags: flags, interspersed: false, usage: "berth run", command: "berth run")
        return try ContainerCreateOptions(parsed, detach: detach, usage: "berth run", command: "berth run")
    }

    @Test func defaultsMatchTheDockerCLI() throws {
        let o = try parse(["busybox"])
        let c = o.request.config
        #expect(c.image == "busybox")
        #expect(c.cmd == nil)
        #expect(c.entrypoint == nil)
        #expect(c.attachStdout && c.attachStderr && !c.attachStdin)
        #expect(!c.openStdin && !c.stdinOnce && !c.tty)
        #expect(c.labels == [:])
        let h = try #require(o.request.hostConfig)
        #expect(h.networkMode == "default")
        #expect(h.restartPolicy == RestartPolicy(name: "no"))
        #expect(h.memorySwappiness == -1)
        #expect(h.oomKillDisable == false)
        #expect(h.pidsLimit == nil)
        #expect(h.consoleSize == [0, 0])
        #expect(h.logConfig == LogConfig(type: "", config: [:]))
        #expect(o.request.networkingConfig?.endpointsConfig?.keys.sorted() == ["default"])
        #expect(o.pull == "missing")
    }

    @Test func interactiveTTYAndCommand() throws {
        let o = try parse(["-it", "--rm", "--name", "web", "busybox", "sh", "-c", "echo hi"])
        let c = o.request.config
        #expect(c.tty && c.openStdin && c.attachStdin && c.stdinOnce)
        #expect(c.cmd == ["sh", "-c", "echo hi"])
        #expect(o.name == "web")
        #expect(o.request.hostConfig?.autoRemove == true)
    }

    @Test func detachClearsAttachAndConflictsWithAttachFlag() throws {
        let o = try parse(["-d", "-i", "busybox"], detach: true)
        #expect(!o.request.config.attachStdin && !o.request.config.attachStdout && !o.request.config.stdinOnce)
        #expect(o.request.config.openStdin)
        #expect(throws: CLIError.self) { try parse(["-d", "-a", "stdout", "busybox"], detach: true) }
        let a = try parse(["-a", "stderr", "busybox"])
        #expect(a.request.config.attachStderr && !a.request.config.attachStdout)
    }

    @Test func environmentLabelsAndEntrypoint() throws {
        let o = try parse(["-e", "A=1", "--env=B=2", "-l", "k=v", "--label", "flag", "--entrypoint", "", "-u", "1000:1000",
                           "-w", "/work", "-h", "box", "--domainname", "example.org", "--stop-signal", "SIGUSR1", "--stop-timeout", "3", "busybox"])
        let c = o.request.config
        #expect(c.env == ["A=1", "B=2"])
        #expect(c.labels == ["k": "v", "flag": ""])
        #expect(c.entrypoint == [""])
        #expect(c.user == "1000:1000")
        #expect(c.workingDir == "/work")
        #expect(c.hostname == "box" && c.domainname == "example.org")
        #expect(c.stopSignal == "SIGUSR1" && c.stopTimeout == 3)
    }

    @Test func portsAndExpose() throws {
        let o = try parse(["-p", "8080:80", "-p", "127.0.0.1:9000:9000/udp", "-p", "53", "--expose", "7000-7001", "-P", "busybox"])
        let c = o.request.config
        #expect(c.exposedPorts?.keys.sorted() == ["53/tcp", "7000/tcp", "7001/tcp", "80/tcp", "9000/udp"])
        let b = try #require(o.request.hostConfig?.portBindings)
        #expect(b["80/tcp"] == [PortBinding(hostIp: "", hostPort: "8080")])
        #expect(b["9000/udp"] == [PortBinding(hostIp: "127.0.0.1", hostPort: "9000")])
        #expect(b["53/tcp"] == [PortBinding(hostIp: "", hostPort: "")])
        #expect(o.request.hostConfig?.publishAllPorts == true)
    }

    @Test func volumesMountsAndTmpfs() throws {
        let o = try parse(["-v", "/data", "-v", "/host:/ctr:ro", "-v", "vol:/v",
                           "--mount", "type=bind,source=/a,target=/b,readonly", "--mount", "type=tmpfs,target=/t,tmpfs-size=64m,tmpfs-mode=1777",
                           "--tmpfs", "/run:rw,size=1m", "--tmpfs", "/cache", "--read-only", "busybox"])
        #expect(o.request.config.volumes?.keys.sorted() == ["/data"])
        let h = try #require(o.request.hostConfig)
        #expect(h.binds == ["/host:/ctr:ro", "vol:/v"])
        #expect(h.mounts?.count == 2)
        #expect(h.mounts?[0].type == "bind" && h.mounts?[0].source == "/a" && h.mounts?[0].target == "/b" && h.mounts?[0].readOnly == true)
        #expect(h.mounts?[1].tmpfsOptions?.sizeBytes == 67_108_864)
        #expect(h.mounts?[1].tmpfsOptions?.mode == 0o1777)
        #expect(h.tmpfs == ["/run": "rw,size=1m", "/cache": ""])
        #expect(h.readonlyRootfs)
    }

    @Test func resourcesAndSecurity() throws {
        let o = try parse(["-m", "64m", "--memory-swap", "-1", "--cpus", "1.5", "--cpu-shares", "512", "--cpuset-cpus", "0",
                           "--pids-limit", "100", "--oom-score-adj", "500", "--shm-size", "1g", "--privileged",
                           "--cap-add", "NET_ADMIN", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                           "--device", "/dev/null:/dev/mynull:r", "--ulimit", "nofile=1024:2048", "--ulimit", "nproc=64",
                           "--sysctl", "net.core.somaxconn=1024", "--ipc", "host", "--pid", "host", "--uts", "host",
                           "--group-add", "audio", "--init", "--log-driver", "json-file", "--log-opt", "max-size=1m", "busybox"])
        let h = try #require(o.request.hostConfig)
        #expect(h.memory == 67_108_864)
        #expect(h.memorySwap == -1)
        #expect(h.nanoCpus == 1_500_000_000)
        #expect(h.cpuShares == 512 && h.cpusetCpus == "0")
        #expect(h.pidsLimit == 100 && h.oomScoreAdj == 500)
        #expect(h.shmSize == 1 << 30)
        #expect(h.privileged && h.capAdd == ["CAP_NET_ADMIN"] && h.capDrop == ["ALL"])
        #expect(h.securityOpt == ["no-new-privileges"])
        #expect(h.devices == [DeviceMapping(pathOnHost: "/dev/null", pathInContainer: "/dev/mynull", cgroupPermissions: "r")])
        #expect(h.ulimits == [Ulimit(name: "nofile", hard: 2048, soft: 1024), Ulimit(name: "nproc", hard: 64, soft: 64)])
        #expect(h.sysctls == ["net.core.somaxconn": "1024"])
        #expect(h.ipcMode == "host" && h.pidMode == "host" && h.utsMode == "host")
        #expect(h.groupAdd == ["audio"] && h.runInit == true)
        #expect(h.logConfig == LogConfig(type: "json-file", config: ["max-size": "1m"]))
    }

    @Test func networkModes() throws {
        let none = try parse(["--network", "none", "busybox"])
        #expect(none.request.hostConfig?.networkMode == "none")
        #expect(none.request.networkingConfig?.endpointsConfig == [:])
        let aliased = try parse(["--network", "net1", "--network-alias", "db", "busybox"])
        #expect(aliased.request.networkingConfig?.endpointsConfig?["net1"]?.aliases == ["db"])
    }

    @Test func publishFormsMapToPortBindingsAndExposedPorts() throws {
        let o = try parse(["-p", "80", "-p", "8080:80", "-p", "127.0.0.1:8081:80", "-p", "127.0.0.1::90", "-p", "53:53/udp",
                           "-p", "8000-8001:70-71", "-p", "[::1]:9090:9090", "--expose", "7000-7001/udp", "busybox"])
        let b = try #require(o.request.hostConfig?.portBindings)
        #expect(b["80/tcp"] == [PortBinding(), PortBinding(hostPort: "8080"), PortBinding(hostIp: "127.0.0.1", hostPort: "8081")])
        #expect(b["90/tcp"] == [PortBinding(hostIp: "127.0.0.1", hostPort: "")])
        #expect(b["53/udp"] == [PortBinding(hostPort: "53")])
        #expect(b["70/tcp"] == [PortBinding(hostPort: "8000")] && b["71/tcp"] == [PortBinding(hostPort: "8001")])
        #expect(b["9090/tcp"] == [PortBinding(hostIp: "::1", hostPort: "9090")])
        #expect(o.request.config.exposedPorts?.keys.sorted() == ["53/udp", "70/tcp", "7000/udp", "7001/udp", "71/tcp", "80/tcp", "90/tcp", "9090/tcp"])
        #expect(o.request.hostConfig?.publishAllPorts == false)
        // A single container port takes the whole host range.
        let ranged = try parse(["-p", "8000-8010:80", "busybox"])
        #expect(ranged.request.hostConfig?.portBindings?["80/tcp"] == [PortBinding(hostPort: "8000-8010")])
        #expect(throws: CLIError.self) { try parse(["-p", "8000-8002:80-81", "busybox"]) }
    }

    @Test func networkEndpointFields() throws {
        let o = try parse(["--network", "net1", "--ip", "172.30.0.9", "--mac-address", "92:d0:c6:0a:29:33", "--network-alias", "db",
                           "--network-alias", "cache", "--link", "web:w", "--dns", "1.1.1.1", "--dns-search", "example.org",
                           "--dns-option", "ndots:2", "--add-host", "h:10.0.0.1", "busybox"])
        let h = try #require(o.request.hostConfig)
        #expect(h.networkMode == "net1")
        #expect(h.links == ["web:w"])
        #expect(h.dns == ["1.1.1.1"] && h.dnsSearch == ["example.org"] && h.dnsOptions == ["ndots:2"] && h.extraHosts == ["h:10.0.0.1"])
        let e = try #require(o.request.networkingConfig?.endpointsConfig?["net1"])
        #expect(e.ipamConfig?.ipv4Address == "172.30.0.9")
        #expect(e.aliases == ["db", "cache"])
        #expect(e.links == ["web:w"])
        #expect(e.macAddress == "92:d0:c6:0a:29:33")
        #expect(o.request.networkingConfig?.endpointsConfig?.count == 1)

        // No --network: the endpoint is "default"; --link there is a legacy link, not an endpoint option.
        let d = try parse(["--link", "web", "--mac-address", "92:d0:c6:0a:29:33", "busybox"])
        #expect(d.request.hostConfig?.networkMode == "default")
        #expect(d.request.hostConfig?.links == ["web"])
        let def = try #require(d.request.networkingConfig?.endpointsConfig?["default"])
        #expect(def.links == nil && def.macAddress == "92:d0:c6:0a:29:33")

        // A lone network without endpoint options sends none; extra networks get empty endpoints.
        #expect(try parse(["--network", "net1", "busybox"]).request.networkingConfig?.endpointsConfig == [:])
        let two = try parse(["--network", "net1", "--network", "net2", "busybox"])
        #expect(two.request.networkingConfig?.endpointsConfig == ["net1": EndpointSettings(), "net2": EndpointSettings()])
    }

    @Test func networkOptionConflicts() throws {
        let cases: [([String], String)] = [
            (["--network-alias", "db"], "network-scoped aliases are only supported for user-defined networks"),
            (["--network", "bridge", "--network-alias", "db"], "network-scoped aliases are only supported for user-defined networks"),
            (["--network", "n", "--network", "n"], "network \"n\" is specified multiple times"),
            (["--network", "n", "--network", "host"], "conflicting options: cannot attach both user-defined and non-user-defined network-modes"),
        ]
        for (flags, message) in cases {
            do {
                _ = try parse(flags + ["busybox"])
                Issue.record("expected an error for \(flags)")
            } catch let e as CLIError {
                #expect(e.stderrText == message + "\n")
            }
        }
    }

    @Test func networkLongSyntax() throws {
        let o = try parse(["--network", "name=net1,alias=a1,alias=a2,ip=172.30.0.5,ip6=fd00::5,mac-address=92:d0:c6:0a:29:33,link-local-ip=169.254.0.9,driver-opt=k=v,gw-priority=3",
                           "--network", "net2", "--link", "web", "busybox"])
        #expect(o.request.hostConfig?.networkMode == "net1")
        let e = try #require(o.request.networkingConfig?.endpointsConfig?["net1"])
        #expect(e.aliases == ["a1", "a2"] && e.links == ["web"] && e.macAddress == "92:d0:c6:0a:29:33")
        #expect(e.ipamConfig == EndpointIPAMConfig(ipv4Address: "172.30.0.5", ipv6Address: "fd00::5", linkLocalIPs: ["169.254.0.9"]))
        #expect(e.driverOpts == ["k": "v"] && e.gwPriority == 3)
        #expect(o.request.networkingConfig?.endpointsConfig?["net2"] == EndpointSettings())
        // Plain names (and container:<id>) stay names.
        #expect(try parse(["--network", "container:abc", "busybox"]).request.hostConfig?.networkMode == "container:abc")
        let cases: [([String], String)] = [
            (["--network", "alias=x"], "invalid argument \"alias=x\" for \"--network\" flag: network name not specified"),
            (["--network", "name=n,color=red"], "invalid argument \"name=n,color=red\" for \"--network\" flag: invalid field key color"),
            (["--network", "name=n,gw-priority=x"], "invalid argument \"name=n,gw-priority=x\" for \"--network\" flag: invalid gw-priority: strconv.Atoi: parsing \"x\": invalid syntax"),
            (["--network", "name=n,ip=10.0.0.2", "--ip", "10.0.0.3"], "conflicting options: cannot specify both --ip and per-network IPv4 address"),
            (["--network", "name=n,alias=x", "--network-alias", "y"], "conflicting options: cannot specify both --network-alias and per-network alias"),
        ]
        for (flags, message) in cases {
            do {
                _ = try parse(flags + ["busybox"])
                Issue.record("expected an error for \(flags)")
            } catch let e as CLIError {
                #expect(e.stderrText.hasPrefix(message + "\n"))
            }
        }
    }

    @Test func restartPolicies() throws {
        #expect(try ContainerCreateOptions.restartPolicy("on-failure:3") == RestartPolicy(name: "on-failure", maximumRetryCount: 3))
        #expect(try ContainerCreateOptions.restartPolicy("unless-stopped") == RestartPolicy(name: "unless-stopped"))
        // Policy names are the daemon's to check, as with docker 28; the syntax is the CLI's.
        #expect(try ContainerCreateOptions.restartPolicy("sometimes") == RestartPolicy(name: "sometimes"))
        #expect(throws: CLIError.self) { try ContainerCreateOptions.restartPolicy(":2") }
        #expect(throws: CLIError.self) { try ContainerCreateOptions.restartPolicy("on-failure:x") }
        do {
            _ = try parse(["--rm", "--restart", "always", "busybox"])
            Issue.record("expected a conflict")
        } catch let e as CLIError {
            #expect(e.stderrText == "conflicting options: cannot specify both --restart and --rm\n")
        }
    }

    @Test func healthcheckFlags() throws {
        let o = try parse(["--health-cmd", "true", "--health-interval", "5s", "--health-retries", "3", "--health-timeout", "1m30s", "busybox"])
        let hc = try #require(o.request.config.healthcheck)
        #expect(hc.test == ["CMD-SHELL", "true"])
        #expect(hc.interval == 5_000_000_000 && hc.timeout == 90_000_000_000 && hc.retries == 3)
        #expect(try parse(["--no-healthcheck", "busybox"]).request.config.healthcheck?.test == ["NONE"])
    }

    @Test func badSizeIsAFlagErrorLikeDocker() {
        do {
            _ = try parse(["-m", "foo", "busybox"])
            Issue.record("expected an error")
        } catch let e as CLIError {
            #expect(e.exitStatus == 125)
            #expect(e.stderrText.hasPrefix("invalid argument \"foo\" for \"-m, --memory\" flag: invalid size: 'foo'\n\nUsage:  berth run"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func encodedBodyHasDockersShape() throws {
        let o = try parse(["--network", "none", "busybox", "echo", "hi"])
        let json = try JSONValue.parse(try EngineJSON.encode(o.request))
        #expect(json["Image"]?.string == "busybox")
        #expect(json["Cmd"]?.array?.compactMap(\.string) == ["echo", "hi"])
        #expect(json["HostConfig"]?["NetworkMode"]?.string == "none")
        #expect(json["HostConfig"]?["RestartPolicy"]?["Name"]?.string == "no")
        #expect(json["Env"] == JSONValue.null)
        #expect(json["NetworkingConfig"]?["EndpointsConfig"] == JSONValue.object([:]))
    }
}
