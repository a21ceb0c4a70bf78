import BerthCore
import BerthOCI
import Testing

@testable import BerthEngine

@Suite struct DockerSpecBuilderLinuxTests {
    @Test func namespaceModes() throws {
        let host = try EngineTestSupport.build { $0.networkMode = "host"; $0.ipcMode = "host"; $0.pidMode = "host" }
        #expect(host.linux?.namespaces?.map(\.type) == [.mount, .uts, .cgroup])
        #expect(host.linux?.sysctl == nil)
        #expect(host.mounts?.first { $0.destination == "/dev/shm" }?.type == "bind")

        let joined = try EngineTestSupport.build { $0.networkMode = "container:db"; $0.pidMode = "container:db"; $0.ipcMode = "container:db" }
        #expect(joined.linux?.namespaces?.first { $0.type == .network }?.path == "/proc/4242/ns/net#db")
        #expect(joined.linux?.namespaces?.first { $0.type == .pid }?.path == "/proc/4242/ns/pid#db")
        #expect(joined.linux?.namespaces?.first { $0.type == .ipc }?.path == "/proc/4242/ns/ipc#db")
        #expect(joined.linux?.sysctl == nil)

        let none = try EngineTestSupport.build { $0.networkMode = "none"; $0.ipcMode = "none"; $0.cgroupnsMode = "host" }
        #expect(none.linux?.namespaces?.map(\.type) == [.mount, .network, .uts, .pid, .ipc])
        #expect(none.mounts?.contains { $0.destination == "/dev/shm" } == false)
        // `none` is still a private network namespace: dockerd's sysctls apply.
        #expect(none.linux?.sysctl?["net.ipv4.ip_unprivileged_port_start"] == "0")
    }

    @Test func invalidModes() {
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.ipcMode = "weird" } } == "invalid IPC mode: weird")
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.pidMode = "container:" } } == "invalid PID mode: container:")
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.utsMode = "private" } } == "invalid UTS mode: private")
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.cgroupnsMode = "x" } } == "invalid cgroup namespace mode: x")
    }

    @Test func resourceConversions() throws {
        let spec = try EngineTestSupport.build {
            $0.resources.nanoCpus = 1_500_000_000
            $0.resources.memory = 512 * 1024 * 1024
            $0.resources.memoryReservation = 256 * 1024 * 1024
            $0.resources.cpuShares = 512
            $0.resources.cpusetCpus = "0-1"
            $0.resources.cpusetMems = "0"
            $0.resources.pidsLimit = 100
            $0.resources.blkioWeight = 300
            $0.resources.memorySwappiness = 10
        }
        let r = try #require(spec.linux?.resources)
        #expect(r.cpu?.quota == 150_000)
        #expect(r.cpu?.period == 100_000)
        #expect(r.cpu?.shares == 512)
        #expect(r.cpu?.cpus == "0-1")
        #expect(r.cpu?.mems == "0")
        #expect(r.memory?.limit == 536_870_912)
        #expect(r.memory?.swap == 1_073_741_824)
        #expect(r.memory?.reservation == 268_435_456)
        #expect(r.memory?.swappiness == 10)
        #expect(r.pids?.limit == 100)
        #expect(r.blockIO?.weight == 300)
        // Default device rules survive the resources rebuild.
        #expect(r.devices?.count == DockerDefaults.deviceCgroupRules.count)

        let explicit = try EngineTestSupport.build {
            $0.resources.cpuPeriod = 50_000
            $0.resources.cpuQuota = 25_000
            $0.resources.memory = 64 * 1024 * 1024
            $0.resources.memorySwap = -1
            $0.resources.pidsLimit = 0
        }
        #expect(explicit.linux?.resources?.cpu?.period == 50_000)
        #expect(explicit.linux?.resources?.cpu?.quota == 25_000)
        #expect(explicit.linux?.resources?.memory?.swap == nil)
        #expect(explicit.linux?.resources?.pids?.limit == -1)
    }

    @Test func resourceErrorsUseDockersTexts() {
        func error(_ configure: @escaping (inout ContainerSpecInput.Resources) -> Void) -> String? {
            EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { configure(&$0.resources) } }
        }
        #expect(error { $0.memory = 1024 } == "Minimum memory limit allowed is 6MB")
        #expect(error { $0.memorySwap = 1 << 30 } == "You should always set the Memory limit when using Memoryswap limit, see usage")
        #expect(error { $0.memory = 1 << 30; $0.memorySwap = 1 << 29 } == "Minimum memoryswap limit should be larger than memory limit, see usage")
        #expect(error { $0.nanoCpus = 1_000_000_000; $0.cpuQuota = 50_000 } == "Conflicting options: Nano CPUs and CPU Quota cannot both be set")
        #expect(error { $0.nanoCpus = 1_000_000_000; $0.cpuPeriod = 50_000 } == "Conflicting options: Nano CPUs and CPU Period cannot both be set")
        #expect(error { $0.nanoCpus = 9_000_000_000 } == "Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available")
        #expect(error { $0.blkioWeight = 5 } == "Range of blkio weight is from 10 to 1000")
        #expect(error { $0.cpuPeriod = 10 } == "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)")
        #expect(error { $0.memorySwappiness = 101 } == "Invalid value: 101, valid memory swappiness range is 0-100")
    }

    @Test func devicesAndRules() throws {
        let spec = try EngineTestSupport.build {
            $0.devices = [DeviceMapping(pathOnHost: "/dev/null", pathInContainer: "/dev/mynull", cgroupPermissions: "rw")]
            $0.deviceCgroupRules = ["c 42:* rmw", "a"]
        }
        let device = try #require(spec.linux?.devices?.first)
        #expect(device.path == "/dev/mynull")
        #expect(device.type == "c" && device.major == 1 && device.minor == 3)
        let rules = try #require(spec.linux?.resources?.devices)
        #expect(rules.suffix(3) == [
            DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 3, access: "rw"),
            DeviceCgroupRule(allow: true, type: "c", major: 42, minor: -1, access: "rmw"),
            DeviceCgroupRule(allow: true, type: "a", major: -1, minor: -1, access: "rwm"),
        ])
        #expect(EngineTestSupport.errorMessage { _ = try DockerSpecBuilder.parseDeviceCgroupRule("c 1:3") }
                    == "invalid device cgroup rule format: 'c 1:3'")
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.devices = [DeviceMapping(pathOnHost: "/nonexistent-dev")] } }?
                    .hasPrefix("error gathering device information while adding custom device \"/nonexistent-dev\"") == true)
        #expect(EngineTestSupport.errorMessage { _ = try DeviceMapping.parse("/dev/x:/dev/y:rwx") } == "invalid device mode: rwx")
        #expect(try DeviceMapping.parse("/dev/fuse") == DeviceMapping(pathOnHost: "/dev/fuse", pathInContainer: "/dev/fuse", cgroupPermissions: "rwm"))
        #expect(try DeviceMapping.parse("/dev/fuse:r") == DeviceMapping(pathOnHost: "/dev/fuse", pathInContainer: "/dev/fuse", cgroupPermissions: "r"))
    }
}
