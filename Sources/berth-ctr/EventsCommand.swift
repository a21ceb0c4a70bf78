import ArgumentParser
import Foundation
import BerthSupervisorAPI

/// Streams events until interrupted: `TIMESTAMP NAMESPACE TOPIC key=value…`, one per line, as ctr prints.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "Show supervisor events as they happen.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Filters, e.g. 'topic==\"/tasks/exit\"' or 'namespace==default'.") var filters: [String] = []

    func run() async throws {
        var request = Berth_Supervisor_V1_SubscribeRequest()
        request.filters = filters
        let frozen = request
        try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Events.Client(wrapping: client).subscribe(frozen) { response in
                for try await envelope in response.messages {
                    let fields = envelope.event.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                    let time = envelope.timestamp.date.ISO8601Format()
                    FileHandle.standardOutput.write(Data("\(time) \(envelope.namespace) \(envelope.topic) \(fields)\n".utf8))
                }
            }
        }
    }
}
