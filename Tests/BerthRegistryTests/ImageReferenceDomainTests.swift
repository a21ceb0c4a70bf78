import BerthRegistry
import Testing

@Suite struct ImageReferenceDomainTests {
    @Test(arguments: [
        ("busybox", "docker.io", "library/busybox", "latest"),
        ("docker.io/library/busybox:1.36", "docker.io", "library/busybox", "1.36"),
        ("user/app", "docker.io", "user/app", "latest"),
        ("localhost/app:v1", "localhost", "app", "v1"),
        ("127.0.0.1:5000/team/app:2", "127.0.0.1:5000", "team/app", "2"),
        ("quay.io/coreos/etcd", "quay.io", "coreos/etcd", "latest"),
    ])
    func splitsDomainAndRemoteName(text: String, domain: String, remote: String, tag: String) throws {
        let reference = try ImageReference(parsing: text)
        #expect(reference.domain == domain)
        #expect(reference.remoteName == remote)
        #expect(reference.tag == tag)
    }

    @Test func digestReferenceRequestsTheDigest() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let reference = try ImageReference(parsing: "localhost:5000/app@\(digest)")
        #expect(reference.manifestReference == digest)
        #expect(reference.domain == "localhost:5000")
        let tagged = try ImageReference(parsing: "localhost:5000/app:v1@\(digest)")
        #expect(tagged.manifestReference == digest)
        #expect(tagged.tag == "v1")
    }

    @Test func uppercaseRepositoryIsRefusedWithDockersText() {
        #expect(throws: (any Error).self) { try ImageReference(parsing: "Busybox") }
        do {
            _ = try ImageReference(parsing: "busybox/Foo")
            Issue.record("uppercase accepted")
        } catch {
            #expect("\(error)".contains("must be lowercase"))
        }
    }
}
