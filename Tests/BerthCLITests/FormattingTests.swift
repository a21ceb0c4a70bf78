import Testing
import BerthCore
@testable import BerthCLI

/// Tables of stats, history, system df, top, port, diff and rmi, checked against docker's output.
struct FormattingTests {
    @Test func statsRowFromTwoSamples() throws {
        let sample = try JSONValue.parse(Array("""
        {"name":"/s1","id":"91f0d7ccd017aaaa","pids_stats":{"current":3},
         "cpu_stats":{"cpu_usage":{"total_usage":300000000},"system_cpu_usage":2000000000,"online_cpus":2},
         "precpu_stats":{"cpu_usage":{"total_usage":100000000},"system_cpu_usage":1000000000},
         "memory_stats":{"usage":1048576,"limit":4194304,"stats":{"total_inactive_file":524288}},
         "networks":{"eth0":{"rx_bytes":1500,"tx_bytes":500},"eth1":{"rx_bytes":500,"tx_bytes":0}},
         "blkio_stats":{"io_service_bytes_recursive":[{"op":"Read","value":4096},{"op":"Write","value":8192},{"op":"Total","value":12288}]}}
        """.utf8))
        let e = StatsEntry(container: "s1", sample: sample)
        #expect(e.cpuPercentage == 40)
        #expect(e.memory == 524288 && e.memoryPercentage == 12.5)
        #expect(e.networkRx == 2000 && e.networkTx == 500)
        #expect(e.blockRead == 4096 && e.blockWrite == 8192)
        let row = try StatsContext.render([e], format: "{{.ID}}|{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.MemPerc}}|{{.NetIO}}|{{.BlockIO}}|{{.PIDs}}", truncate: true)
        #expect(row == "91f0d7ccd017|s1|40.00%|512KiB / 4MiB|12.50%|2kB / 500B|4.1kB / 8.19kB|3\n")
        let table = try StatsContext.render([e], format: "", truncate: true)
        #expect(table.hasPrefix("CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O"))
        var invalid = StatsEntry(container: "x")
        invalid.isInvalid = true
        #expect(try StatsContext.render([invalid], format: "{{.Container}} {{.CPUPerc}} {{.MemUsage}}", truncate: true) == "x -- -- / --\n")
    }

    @Test func historyTable() throws {
        let list = try JSONValue.parse(Array("""
        [{"Id":"sha256:213e85f19e923aaaa","Created":1000,"CreatedBy":"sh -c echo a; echo b >&2; mkdir /newdir; echo x > /etc/newf","Size":2,"Comment":"msg","Tags":["c1:v1"]},
         {"Id":"<missing>","Created":400,"CreatedBy":"","Size":1987000,"Comment":"Imported from -","Tags":null}]
        """.utf8)).array ?? []
        let text = try ImageHistoryCommand.render(list, format: "", quiet: false, human: true, truncate: true, now: 1000)
        #expect(text == """
        IMAGE          CREATED                  CREATED BY                                      SIZE      COMMENT
        213e85f19e92   Less than a second ago   sh -c echo a; echo b >&2; mkdir /newdir; ech…   2B        msg
        <missing>      10 minutes ago                                                           1.99MB    Imported from -

        """)
        #expect(try ImageHistoryCommand.render(list, format: "", quiet: true, human: true, truncate: false, now: 1000)
            == "sha256:213e85f19e923aaaa\n<missing>\n")
        let raw = try ImageHistoryCommand.render(list, format: "{{.Size}}", quiet: false, human: false, truncate: true, now: 1000)
        #expect(raw == "2\n1987000\n")
    }

    @Test func systemDiskUsageSummary() throws {
        let df = try JSONValue.parse(Array("""
        {"LayersSize":1987000,"Images":[{"Id":"sha256:f6","RepoTags":["busybox:latest"],"Containers":2,"Size":1987000,"SharedSize":0,"Created":0}],
         "Containers":[{"Id":"c1","State":"exited","SizeRw":8},{"Id":"c2","State":"running","SizeRw":0}],
         "Volumes":[{"Name":"v","UsageData":{"Size":1000,"RefCount":0}}],"BuildCache":null,"BuilderSize":0}
        """.utf8))
        #expect(try SystemDiskUsageCommand.render(df, format: "") == """
        TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
        Images          1         1         1.987MB   0B (0%)
        Containers      2         1         8B        8B (100%)
        Local Volumes   1         0         1kB       1kB (100%)
        Build Cache     0         0         0B        0B

        """)
        #expect(try SystemDiskUsageCommand.render(df, format: "{{.Type}}={{.Active}}") == "Images=1\nContainers=1\nLocal Volumes=0\nBuild Cache=0\n")
    }

    @Test func topPortDiffAndRmi() throws {
        let top = try JSONValue.parse(Array(#"{"Titles":["UID","PID","CMD"],"Processes":[["root","9543","sleep 1000"]]}"#.utf8))
        #expect(ContainerTopCommand.render(top) == "UID                 PID                 CMD\nroot                9543                sleep 1000\n")
        let ports = try JSONValue.parse(Array(#"{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"18080"},{"HostIp":"::","HostPort":"18080"}],"53/udp":null,"22/tcp":[{"HostIp":"127.0.0.1","HostPort":"2222"}]}"#.utf8))
        #expect(ContainerPortCommand.render(ports) == "22/tcp -> 127.0.0.1:2222\n80/tcp -> 0.0.0.0:18080\n80/tcp -> [::]:18080\n")
        let changes = try JSONValue.parse(Array(#"[{"Path":"/etc","Kind":0},{"Path":"/etc/newf","Kind":1},{"Path":"/tmp/x","Kind":2}]"#.utf8))
        #expect(ContainerDiffCommand.render(changes) == "C /etc\nA /etc/newf\nD /tmp/x\n")
        let removed = try JSONValue.parse(Array(#"[{"Untagged":"c2:latest"},{"Deleted":"sha256:aa"}]"#.utf8))
        #expect(ImageRemoveCommand.render(removed) == "Untagged: c2:latest\nDeleted: sha256:aa\n")
        #expect(SystemPruneCommand.warning(all: false, volumes: false).hasPrefix("WARNING! This will remove:\n  - all stopped containers\n"))
    }
}
