import BerthLinux
import Testing

struct MountOptionsTests {
    @Test func flagsSetAndClear() {
        let o = MountOptions(["rbind", "ro", "nosuid", "nodev", "noexec", "rw"])
        #expect(o.flags & MountFlag.bind != 0 && o.flags & MountFlag.rec != 0)
        #expect(o.flags & MountFlag.rdonly == 0, "rw after ro clears it")
        #expect(o.flags & (MountFlag.nosuid | MountFlag.nodev | MountFlag.noexec) == (MountFlag.nosuid | MountFlag.nodev | MountFlag.noexec))
    }

    @Test func propagationIsSeparate() {
        let o = MountOptions(["bind", "rshared", "slave"])
        #expect(o.propagation == [MountFlag.shared | MountFlag.rec, MountFlag.slave])
        #expect(o.flags & MountFlag.propagation == 0)
    }

    @Test func recursiveAttributesAndData() {
        let o = MountOptions(["rro", "rnosuid", "mode=755", "size=1m", "tmpcopyup"])
        #expect(o.recursiveSet == MountAttr.rdonly | MountAttr.nosuid)
        #expect(o.dataString == "mode=755,size=1m")
        #expect(o.tmpcopyup)
    }

    @Test func knownOptionsListsEveryFamily() {
        for name in ["rbind", "rro", "rshared", "tmpcopyup", "nosymfollow", "strictatime"] {
            #expect(MountOptions.knownOptions.contains(name))
        }
    }
}

struct SignalsTests {
    @Test func namesNumbersAndPrefixes() throws {
        #expect(try Signals.parse("KILL") == 9)
        #expect(try Signals.parse("SIGTERM") == 15)
        #expect(try Signals.parse("sigusr1") == 10)
        #expect(try Signals.parse("9") == 9)
        #expect(try Signals.parse("RTMIN+2") == 36)
        #expect(throws: (any Error).self) { try Signals.parse("NOPE") }
        #expect(throws: (any Error).self) { try Signals.parse("99") }
    }
}

struct MountInfoTests {
    @Test func parsesEscapesAndOptionalFields() {
        let line = #"36 35 98:0 /mnt1 /mnt\040two rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue"#
        let m = MountInfo.read(pid: "self").first
        #expect(m != nil)
        let parsed = MountInfoProbe.parse(line)
        #expect(parsed?.mountPoint == "/mnt two")
        #expect(parsed?.isShared == true)
        #expect(parsed?.fsType == "ext3")
    }
}

enum MountInfoProbe {
    static func parse(_ line: String) -> MountInfo? { MountInfo.parseLine(line) }
}
