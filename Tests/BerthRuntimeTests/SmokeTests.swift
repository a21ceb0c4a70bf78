import Foundation
import Testing

@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct SmokeTests {
    @Test func runPrintsAndExits() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", "echo hello; exit 3"])
        let result = try rt.run(bundle)
        #expect(result.stdout == "hello\n")
        #expect(result.status == 3)
    }
}
