import BerthOCI
import BerthSeccomp
import Testing

@Suite struct SeccompSupportTests {
    @Test func featuresListTheSpecConstants() {
        let features = SeccompSupport.features()
        #expect(features.enabled == true)
        #expect(features.actions?.count == 9)
        #expect(features.actions?.contains("SCMP_ACT_NOTIFY") == true)
        #expect(features.operators == [
            "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
        ])
        #expect(features.archs?.contains("SCMP_ARCH_X86_64") == true)
        #expect(features.archs?.contains("SCMP_ARCH_AARCH64") == true)
        #expect(features.knownFlags?.count == 4)
    }

    @Test func supportedFlagsFollowTheAPILevel() {
        let supported = SeccompSupport.supportedFlags
        #expect(Set(supported).isSubset(of: Set(SeccompSupport.knownFlags)))
        // libseccomp 2.5 has no attribute for WAIT_KILLABLE_RECV.
        #expect(!supported.contains("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"))
        if SeccompSupport.apiLevel >= 4 {
            #expect(supported == ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"])
        }
    }
}
