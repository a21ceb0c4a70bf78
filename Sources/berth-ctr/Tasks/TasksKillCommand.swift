import ArgumentParser
import BerthLinux
import BerthSupervisorAPI

struct TasksKillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Signal a task (SIGTERM by default).")
    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .long], help: "Signal name or number.") var signal: String = "SIGTERM"
    @Flag(name: .long, help: "Signal every process in the container (-a is --address).") var all = false
    @Option(help: "Signal this exec process instead of the init.") var execID: String = ""
    @Argument(help: "Container id.") var id: String

    func run() async throws {
        let number: Int32
        do { number = try Signals.parse(signal) } catch { throw ValidationError("\(error)") }
        var request = Berth_Supervisor_V1_KillRequest()
        request.namespace = global.namespace
        request.containerID = id
        request.execID = execID
        request.signal = UInt32(number)
        request.all = all
        let frozen = request
        _ = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).kill(frozen)
        }
    }
}
