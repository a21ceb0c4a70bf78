import BerthCore
import BerthOCI

extension DockerSpecBuilder {
    static let minimumMemory: Int64 = 6 * 1024 * 1024

    /// moby WithResources (getMemoryResources, getCPUResources, getPidsLimit, blkio weight) after the
    /// create-time checks and defaults of verifyPlatformContainerResources / adaptContainerSettings.
    func resources(_ r: ContainerSpecInput.Resources) throws -> LinuxResources {
        try validate(r)
        var out = LinuxResources()

        var memory = MemoryResources()
        if r.memory > 0 { memory.limit = r.memory }
        if r.memoryReservation > 0 { memory.reservation = r.memoryReservation }
        // dockerd defaults the swap limit (memory + swap) to twice the memory limit.
        let swap = (r.memory > 0 && r.memorySwap == 0) ? r.memory * 2 : r.memorySwap
        if swap > 0 { memory.swap = swap }
        if let swappiness = r.memorySwappiness, swappiness >= 0 { memory.swappiness = UInt64(swappiness) }
        if let disable = r.oomKillDisable { memory.disableOOMKiller = disable }
        if memory != MemoryResources() { out.memory = memory }

        var cpu = CPUResources()
        if r.cpuShares > 0 { cpu.shares = UInt64(r.cpuShares) }
        if !r.cpusetCpus.isEmpty { cpu.cpus = r.cpusetCpus }
        if !r.cpusetMems.isEmpty { cpu.mems = r.cpusetMems }
        if r.nanoCpus > 0 {
            // https://www.kernel.org/doc/Documentation/scheduler/sched-bwc.txt: a 100ms period.
            let period: UInt64 = 100_000
            cpu.period = period
            cpu.quota = r.nanoCpus * Int64(period) / 1_000_000_000
        }
        if r.cpuPeriod != 0 { cpu.period = UInt64(r.cpuPeriod) }
        if r.cpuQuota != 0 { cpu.quota = r.cpuQuota }
        if r.cpuRealtimePeriod != 0 { cpu.realtimePeriod = UInt64(r.cpuRealtimePeriod) }
        if r.cpuRealtimeRuntime != 0 { cpu.realtimeRuntime = r.cpuRealtimeRuntime }
        out.cpu = cpu

        // moby always sets a weight pointer (0 = unset, which runtimes skip).
        var blockIO = BlockIOResources()
        blockIO.weight = r.blkioWeight
        out.blockIO = blockIO

        if let limit = r.pidsLimit {
            // The API's 0 and negatives mean unlimited; the runtime wants -1 for that.
            out.pids = PidsResources(limit: limit <= 0 ? -1 : limit)
        }
        return out
    }

    /// dockerd's create-time resource checks, with its texts.
    func validate(_ r: ContainerSpecInput.Resources) throws {
        func fail(_ message: String) -> BerthError { BerthError(.invalidArgument, message) }
        if r.memory != 0 && r.memory < Self.minimumMemory { throw fail("Minimum memory limit allowed is 6MB") }
        if r.memory == 0 && r.memorySwap > 0 { throw fail("You should always set the Memory limit when using Memoryswap limit, see usage") }
        if r.memory > 0 && r.memorySwap > 0 && r.memorySwap < r.memory {
            throw fail("Minimum memoryswap limit should be larger than memory limit, see usage")
        }
        if let s = r.memorySwappiness, s != -1, !(0...100).contains(s) {
            throw fail("Invalid value: \(s), valid memory swappiness range is 0-100")
        }
        if r.memory > 0 && r.memoryReservation > 0 && r.memory < r.memoryReservation {
            throw fail("Minimum memory limit can not be less than memory reservation limit, see usage")
        }
        if r.memoryReservation != 0 && r.memoryReservation < Self.minimumMemory {
            throw fail("Minimum memory reservation allowed is 6MB")
        }
        if r.nanoCpus > 0 && r.cpuPeriod > 0 { throw fail("Conflicting options: Nano CPUs and CPU Period cannot both be set") }
        if r.nanoCpus > 0 && r.cpuQuota > 0 { throw fail("Conflicting options: Nano CPUs and CPU Quota cannot both be set") }
        let cpus = environment.onlineCPUs
        if r.nanoCpus < 0 || r.nanoCpus > Int64(cpus) * 1_000_000_000 {
            throw fail("Range of CPUs is from 0.01 to \(cpus).00, as there are only \(cpus) CPUs available")
        }
        if r.cpuShares < 0 { throw fail("shares: invalid argument") }
        if r.cpuPeriod != 0 && (r.cpuPeriod < 1000 || r.cpuPeriod > 1_000_000) {
            throw fail("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)")
        }
        if r.cpuQuota > 0 && r.cpuQuota < 1000 { throw fail("CPU cfs quota can not be less than 1ms (i.e. 1000)") }
        if r.blkioWeight > 0 && (r.blkioWeight < 10 || r.blkioWeight > 1000) { throw fail("Range of blkio weight is from 10 to 1000") }
    }

    /// moby WithDevices: `--device` nodes and their cgroup rules on top of Docker's default rules, plus
    /// `--device-cgroup-rule`; privileged containers get every host device and an allow-all rule.
    func applyDevices(_ container: ContainerSpecInput, to linux: inout Linux) throws {
        var devices: [Device] = []
        var rules = DockerDefaults.deviceCgroupRules
        if container.privileged {
            devices = environment.hostDevices()
            for mapping in container.devices where mapping.pathOnHost != mapping.pathInContainer {
                let found = try HostDevices.devices(for: DeviceMapping(pathOnHost: mapping.pathOnHost,
                                                                       pathInContainer: mapping.pathInContainer, cgroupPermissions: "rwm"))
                devices += found.devices
            }
            rules = [DeviceCgroupRule(allow: true, access: "rwm")]
        } else {
            for mapping in container.devices {
                let found = try HostDevices.devices(for: mapping)
                devices += found.devices
                rules += found.rules
            }
            rules += try container.deviceCgroupRules.map(Self.parseDeviceCgroupRule)
        }
        linux.devices = devices.isEmpty ? nil : devices
        linux.resources = linux.resources ?? LinuxResources()
        linux.resources?.devices = rules
    }

    /// `--device-cgroup-rule`: `^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$`, or `a` alone.
    public static func parseDeviceCgroupRule(_ rule: String) throws -> DeviceCgroupRule {
        let expanded = rule == "a" ? "a *:* rwm" : rule
        func invalid() -> BerthError { BerthError(.invalidArgument, "invalid device cgroup rule format: '\(rule)'") }
        let fields = expanded.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3, ["a", "b", "c"].contains(fields[0]) else { throw invalid() }
        let numbers = fields[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard numbers.count == 2 else { throw invalid() }
        func number(_ text: String) throws -> Int64 {
            if text == "*" { return -1 }
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(text) else { throw invalid() }
            return n
        }
        let access = fields[2]
        guard !access.isEmpty, access.count <= 3, access.allSatisfy({ "rwm".contains($0) }) else { throw invalid() }
        return DeviceCgroupRule(allow: true, type: fields[0], major: try number(numbers[0]), minor: try number(numbers[1]), access: access)
    }
}
