import BerthSupervisorAPI
import Foundation
import GRPCCore
import Testing

/// Unknown ids, malformed input and wrong states get a gRPC status whose message names the object.
@Suite("bad requests", .serialized, .enabled(if: SupervisorTestEnv.privileged, SupervisorTestEnv.skipReason))
struct BadRequestTests {
    func expectStatus(_ code: RPCError.Code, containing text: String, _ body: () async throws -> Void,
                      sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("expected \(code) containing \"\(text)\", got success", sourceLocation: sourceLocation)
        } catch let error as RPCError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "message \"\(error.message)\" should name \"\(text)\"", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected an RPCError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func unknownIdsMalformedInputAndWrongStates() async throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        try await harness.importBusybox()
        let ns = harness.namespace

        await expectStatus(.notFound, containing: "ghost") { _ = try await harness.get("ghost") }
        await expectStatus(.notFound, containing: "ghost") { try await harness.startTask("ghost") }
        await expectStatus(.notFound, containing: "nope:latest") {
            try await harness.withClient { client in
                var request = Berth_Supervisor_V1_GetImageRequest()
                request.namespace = ns
                request.name = "nope:latest"
                _ = try await Berth_Supervisor_V1_Images.Client(wrapping: client).get(request)
            }
        }
        await expectStatus(.invalidArgument, containing: "namespace") {
            try await harness.withClient { client in
                var request = Berth_Supervisor_V1_ListImagesRequest()
                request.namespace = "bad/namespace"
                _ = try await Berth_Supervisor_V1_Images.Client(wrapping: client).list(request)
            }
        }
        await expectStatus(.invalidArgument, containing: "digest") {
            try await harness.withClient { client in
                var request = Berth_Supervisor_V1_InfoRequest()
                request.namespace = ns
                request.digest = "sha256:xyz"
                _ = try await Berth_Supervisor_V1_Content.Client(wrapping: client).info(request)
            }
        }
        // A spec that isn't an OCI spec is refused at container create, naming the field.
        await expectStatus(.invalidArgument, containing: "process") {
            try await harness.withClient { client in
                var request = Berth_Supervisor_V1_CreateContainerRequest()
                request.namespace = ns
                request.container.id = "badspec"
                request.container.spec = Data(#"{"ociVersion":"1.2.0","process":"not an object"}"#.utf8)
                _ = try await Berth_Supervisor_V1_Containers.Client(wrapping: client).create(request)
            }
        }
        await expectStatus(.invalidArgument, containing: "badjson") {
            // Malformed JSON in the spec: the decoder's complaint reaches the caller.
            try await harness.withClient { client in
                var request = Berth_Supervisor_V1_CreateContainerRequest()
                request.namespace = ns
                request.container.id = "badjson"
                request.container.spec = Data("{ exit".utf8)
                _ = try await Berth_Supervisor_V1_Containers.Client(wrapping: client).create(request)
            }
        }

        try await harness.createContainer("twice", args: ["sleep", "600"])
        await expectStatus(.alreadyExists, containing: "twice") {
            try await harness.createContainer("twice", args: ["true"])
        }
        try await harness.startTask("twice")
        await expectStatus(.alreadyExists, containing: "twice") { try await harness.startTask("twice") }
        // Deleting a running task is refused; the task survives the refusal.
        await expectStatus(.failedPrecondition, containing: "running") { try await harness.deleteTask("twice") }
        #expect(try await harness.get("twice").status == .running)
        await expectStatus(.invalidArgument, containing: "signal") { try await harness.kill("twice", signal: 0) }
        try await harness.removeContainer("twice")
    }
}
