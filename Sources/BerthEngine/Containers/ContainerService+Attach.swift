import BerthCore
import BerthEngineAPI

extension ContainerService {
    /// `POST /containers/{id}/attach`: validated up front (404, bad detach keys) so the HTTP layer can
    /// still answer with a status; the returned plan then drives the hijacked stream.
    public func attach(_ reference: String, options: AttachOptions) throws -> AttachPlan {
        let record = try store.find(reference)
        return AttachPlan(service: self, record: record, options: options)
    }

    /// Binds `target` to the container's running process, or parks it until the container starts.
    /// Returns false when the container is neither running nor waiting to start.
    func bindAttach(_ target: AttachTarget, id: String) -> Bool {
        let io: ProcessIO? = live.withLock { ios in
            if let io = ios[id] { return io }
            pendingAttach.withLock { $0[id, default: []].append(target) }
            return nil
        }
        if let io { target.bind(io) }
        return true
    }

    func cancelPendingAttach(_ target: AttachTarget, id: String) {
        pendingAttach.withLock { $0[id]?.removeAll { $0 === target } }
    }
}

/// A validated attach, run once the connection is hijacked.
public struct AttachPlan: Sendable {
    let service: ContainerService
    let record: ContainerRecord
    let options: AttachOptions

    public var tty: Bool { record.config.tty }

    public func run<Input: AsyncSequence & Sendable>(input: Input, write: @escaping @Sendable ([UInt8]) async throws -> Void) async
    where Input.Element == [UInt8] {
        let tty = record.config.tty
        let options = self.options
        var wrote = false
        if options.logs, let reader = try? service.logDriver(record).makeReader(containerDirectory: service.store.directory(record.id),
                                                                                   containerID: record.id) {
            let entries = (try? reader.read(LogReadOptions(stdout: options.stdout, stderr: options.stderr))) ?? []
            for entry in entries {
                if !wrote {
                    // docker-py reads the socket below its buffer: payload in the same read as the 101 is lost.
                    try? await Task.sleep(for: .milliseconds(5))
                    wrote = true
                }
                guard (try? await write(DockerLogFrame.encode(entry, tty: tty, timestamps: false))) != nil else { return }
            }
        }
        guard options.stream else { return }
        let current = service.store.get(id: record.id) ?? record
        let waitsForStart = !current.state.running && (current.state.status == "created" || current.state.restarting)
        guard current.state.running || waitsForStart else { return }

        let target = AttachTarget()
        _ = service.bindAttach(target, id: record.id)
        service.events.container("attach", current)
        let detached = DetachFlag()
        var inputTask: Task<Void, Never>?
        if options.stdin, current.config.openStdin {
            let keys = options.detachKeys
            let stdinOnce = current.config.stdinOnce
            inputTask = Task {
                if await target.forwardInput(input, keys: keys, closeStdinAtEOF: stdinOnce) {
                    detached.set()
                    target.close()
                }
            }
        }
        for await chunk in target.output {
            switch chunk.stream {
            case .stdout where !options.stdout: continue
            case .stderr where !options.stderr: continue
            default: break
            }
            let bytes = tty ? chunk.bytes : DockerLogFrame.encode(LogEntry(stream: chunk.stream, timestamp: 0, message: chunk.bytes),
                                                                 tty: false, timestamps: false)
            do {
                try await write(bytes)
            } catch {
                break
            }
        }
        target.close()
        service.cancelPendingAttach(target, id: record.id)
        inputTask?.cancel()
        if detached.isSet { service.events.container("detach", current) }
    }
}
