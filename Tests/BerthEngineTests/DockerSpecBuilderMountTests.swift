import BerthCore
import BerthLinux
import BerthOCI
import Testing

@testable import BerthEngine

@Suite struct DockerSpecBuilderMountTests {
    @Test(arguments: [
        "/home", "/home:/home", "/home:/something/else", "/with space", "/home:/with space", "relative:/absolute-path",
        "hostPath:/containerPath:ro", "/hostPath:/containerPath:rw", "/rw:/ro", "/hostPath:/containerPath:shared",
        "/hostPath:/containerPath:rslave", "/hostPath:/containerPath:ro,private", "/hostPath:/containerPath:ro,z,shared",
        "/hostPath:/containerPath:Z,slave,ro", "/hostPath:/containerPath:ro,Z,rprivate",
    ])
    func validBinds(_ raw: String) throws {
        _ = try BindMountSpec.parse(raw)
    }

    /// moby's linux_parser_test invalid table, with the message each must contain.
    @Test(arguments: [
        ("", "invalid volume specification"), ("./", "mount path must be absolute"), ("../", "mount path must be absolute"),
        ("/:../", "mount path must be absolute"), ("/:path", "mount path must be absolute"), (":", "invalid volume specification"),
        ("/tmp:", "invalid volume specification"), (":test", "invalid volume specification"), (":/test", "invalid volume specification"),
        ("tmp:", "invalid volume specification"), (":test:", "invalid volume specification"), ("::", "invalid volume specification"),
        (":::", "invalid volume specification"), ("/tmp:::", "invalid volume specification"), (":/tmp::", "invalid volume specification"),
        ("/path:rw", "invalid volume specification"), ("/path:ro", "invalid volume specification"), ("/rw:rw", "invalid volume specification"),
        ("path:ro", "invalid volume specification"), ("/path:/path:sw", "invalid mode"), ("/path:/path:rwz", "invalid mode"),
        ("/path:/path:ro,rshared,rslave", "invalid mode"), ("/path:/path:ro,z,rshared,rslave", "invalid mode"),
        ("/path:shared", "invalid volume specification"), ("/path:slave", "invalid volume specification"),
        ("name:/absolute-path:shared", "invalid volume specification"), ("name:/absolute-path:rprivate", "invalid volume specification"),
    ])
    func invalidBinds(_ raw: String, _ expected: String) {
        let message = EngineTestSupport.errorMessage { _ = try BindMountSpec.parse(raw) }
        #expect(message?.contains(expected) == true, "\(raw): \(message ?? "no error")")
    }

    @Test func exactErrorTexts() {
        #expect(EngineTestSupport.errorMessage { _ = try BindMountSpec.parse("/tmp:/tmp4:foo") } == "invalid mode: foo")
        #expect(EngineTestSupport.errorMessage { _ = try BindMountSpec.parse("/tmp:/x:xyz") } == "invalid mode: xyz")
        #expect(EngineTestSupport.errorMessage { _ = try BindMountSpec.parse("/tmp:tmp") }
                    == "invalid volume specification: '/tmp:tmp': invalid mount config for type \"bind\": invalid mount path: 'tmp' mount path must be absolute")
        #expect(EngineTestSupport.errorMessage { _ = try BindMountSpec.parse("/tmp:/") }
                    == "invalid volume specification: '/tmp:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'")
        #expect(EngineTestSupport.errorMessage { _ = try BindMountSpec.parse("/tmp:/x:nocopy") }
                    == "invalid volume specification: '/tmp:/x:nocopy': invalid mount config for type \"bind\": field VolumeOptions must not be specified")
    }

    @Test func parsedFields() throws {
        #expect(try BindMountSpec.parse("/tmp/../var//log:/logs/:ro,rslave") == BindMountSpec(
            kind: .bind(source: "/var/log"), destination: "/logs", readOnly: true, propagation: "rslave", mode: "ro,rslave", noCopy: false))
        #expect(try BindMountSpec.parse("data:/data:nocopy") == BindMountSpec(
            kind: .volume(name: "data"), destination: "/data", readOnly: false, propagation: nil, mode: "nocopy", noCopy: true))
        #expect(try BindMountSpec.parse("/anon").kind == .volume(name: nil))
    }

    @Test func bindsInTheSpec() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let spec = try EngineTestSupport.build {
            $0.binds = ["\(dir)/data:/data", "\(dir)/conf:/etc/app:ro", "\(dir)/shared:/mnt/shared:rshared", "\(dir)/data:/data/sub:ro,z"]
        }
        let mounts = try #require(spec.mounts)
        #expect(mounts.first { $0.destination == "/data" } == Mount(destination: "/data", type: "bind", source: dir + "/data", options: ["rbind", "rprivate"]))
        #expect(mounts.first { $0.destination == "/etc/app" }?.options == ["rbind", "ro", "rprivate"])
        #expect(mounts.first { $0.destination == "/mnt/shared" }?.options == ["rbind", "rshared"])
        #expect(spec.linux?.rootfsPropagation == "shared")
        // Missing host paths are created as directories, like `docker run -v`.
        #expect(FileIO.isDirectory(dir + "/conf"))
        // Parents before children.
        let order = mounts.map(\.destination)
        #expect(try #require(order.firstIndex(of: "/data")) < #require(order.firstIndex(of: "/data/sub")))
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.binds = ["/a:/x", "/b:/x"] } } == "Duplicate mount point: /x")
    }

    @Test func volumesGoThroughTheHook() throws {
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.binds = ["data:/data"] } }
                    == "volumes are not supported yet: data at /data")
        let spec = try EngineTestSupport.build({ $0.binds = ["data:/data:ro"] }, environment: { env in
            env.volumePath = { name, _ in "/var/lib/berth/engine/volumes/\(name ?? "anon")/_data" }
        })
        #expect(spec.mounts?.last == Mount(destination: "/data", type: "bind", source: "/var/lib/berth/engine/volumes/data/_data",
                                          options: ["rbind", "ro", "rprivate"]))
    }

    @Test func userMountOverridesADefault() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let spec = try EngineTestSupport.build { $0.binds = ["\(dir):/dev"] }
        let destinations = try #require(spec.mounts).map(\.destination)
        // A user /dev replaces the default /dev and everything below it.
        #expect(!destinations.contains("/dev/pts") && !destinations.contains("/dev/shm") && !destinations.contains("/dev/mqueue"))
        #expect(destinations.filter { $0 == "/dev" }.count == 1)
    }

    @Test func tmpfsMounts() throws {
        let spec = try EngineTestSupport.build { $0.tmpfs = ["/run": "", "/cache": "size=64m,exec", "/tmp": "mode=1777"] }
        let mounts = try #require(spec.mounts)
        #expect(mounts.first { $0.destination == "/run" } == Mount(destination: "/run", type: "tmpfs", source: "tmpfs",
                                                                   options: ["noexec", "nosuid", "nodev", "rprivate"]))
        #expect(mounts.first { $0.destination == "/cache" }?.options == ["nosuid", "nodev", "rprivate", "size=64m", "exec"])
        #expect(mounts.first { $0.destination == "/tmp" }?.options == ["noexec", "nosuid", "nodev", "rprivate", "mode=1777"])
        #expect(EngineTestSupport.errorMessage { _ = try TmpfsOptions.options(data: "size=1m,foo") } == "invalid tmpfs option [\"foo\"]")
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.tmpfs = ["run": ""] } }
                    == "invalid mount path: 'run' mount path must be absolute")
    }

    @Test func networkFilesAreBoundFromTheContainerDirectory() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        let files = ContainerNetworkFiles(directory: dir)
        try files.write(hostname: "web", ip: "172.17.0.2", hostResolvConf: "nameserver 10.0.0.2\n")
        func configure(_ env: inout SpecBuildEnvironment) {
            env.hostnamePath = files.hostnamePath
            env.hostsPath = files.hostsPath
            env.resolvConfPath = files.resolvConfPath
        }
        let spec = try EngineTestSupport.build({ _ in }, environment: configure)
        let binds = try #require(spec.mounts).filter { $0.type == "bind" }
        #expect(binds == [
            Mount(destination: "/etc/resolv.conf", type: "bind", source: files.resolvConfPath, options: ["rbind", "rprivate"]),
            Mount(destination: "/etc/hostname", type: "bind", source: files.hostnamePath, options: ["rbind", "rprivate"]),
            Mount(destination: "/etc/hosts", type: "bind", source: files.hostsPath, options: ["rbind", "rprivate"]),
        ])
        // Read-only rootfs: the network files and every non-special default mount become read-only too.
        let readonly = try EngineTestSupport.build({ $0.readonlyRootfs = true }, environment: configure)
        #expect(readonly.root?.readonly == true)
        #expect(readonly.mounts?.first { $0.destination == "/etc/hosts" }?.options == ["rbind", "ro", "rprivate"])
        #expect(readonly.mounts?.first { $0.destination == "/dev/shm" }?.options?.contains("ro") == false)
        #expect(readonly.mounts?.first { $0.destination == "/proc" }?.options?.contains("ro") == false)
        // A user bind over /etc/hosts wins over the generated file.
        let overridden = try EngineTestSupport.build({ $0.binds = ["\(dir)/hosts:/etc/hosts:ro"] }, environment: configure)
        #expect(overridden.mounts?.filter { $0.destination == "/etc/hosts" }.count == 1)
        #expect(overridden.mounts?.first { $0.destination == "/etc/hosts" }?.options == ["rbind", "ro", "rprivate"])
    }
}
