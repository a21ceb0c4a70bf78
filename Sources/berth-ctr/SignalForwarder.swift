import BerthSupervisorAPI
import Foundation
import GRPCCore
#if canImport(Glibc)
import Glibc
#endif

/// In the foreground without a tty, SIGINT/SIGTERM/SIGHUP/SIGQUIT sent to the client go to the task,
/// as `ctr run` proxies them, instead of killing the client and orphaning the attach.
final class SignalForwarder: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init<T: ClientTransport>(tasks: Berth_Supervisor_V1_Tasks.Client<T>, namespace: String, id: String, execID: String) {
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                var request = Berth_Supervisor_V1_KillRequest()
                request.namespace = namespace
                request.containerID = id
                request.execID = execID
                request.signal = UInt32(number)
                Task { _ = try? await tasks.kill(request) }
            }
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        sources.forEach { $0.cancel() }
    }
}

/// Keeps the task's pty the size of the operator's terminal (SIGWINCH).
final class TerminalResizer: @unchecked Sendable {
    private let source: any DispatchSourceSignal
    private let resize: @Sendable () async -> Void

    init<T: ClientTransport>(tasks: Berth_Supervisor_V1_Tasks.Client<T>, namespace: String, id: String, execID: String) {
        resize = {
            guard let size = TerminalMode.size() else { return }
            var request = Berth_Supervisor_V1_ResizePtyRequest()
            request.namespace = namespace
            request.containerID = id
            request.execID = execID
            request.width = size.width
            request.height = size.height
            _ = try? await tasks.resizePty(request)
        }
        signal(SIGWINCH, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        let resize = self.resize
        source.setEventHandler { Task { await resize() } }
        source.resume()
    }

    func resizeNow() async { await resize() }

    func stop() { source.cancel() }
}
