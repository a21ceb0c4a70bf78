import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore

struct EventsService: Berth_Supervisor_V1_Events.SimpleServiceProtocol {
    let broker: EventBroker

    func subscribe(
        request: Berth_Supervisor_V1_SubscribeRequest,
        response: RPCWriter<Berth_Supervisor_V1_Envelope>,
        context: ServerContext
    ) async throws {
        let filter: EventFilter
        do { filter = try EventFilter(request.filters) } catch { throw RPCErrors.map(error) }
        let since = request.hasSince ? request.since.date : nil
        for await event in broker.subscribe(filter, since: since) {
            var envelope = Berth_Supervisor_V1_Envelope()
            envelope.timestamp = ProtoTime.from(date: event.timestamp)
            envelope.namespace = event.namespace
            envelope.topic = event.topic
            envelope.event = event.fields
            try await response.write(envelope)
        }
    }
}
