import BerthCore
import BerthShimAPI
import FoundationEssentials

/// Starts and cleans up shims through the `berth-shim` binary's CLI, the containerd way: `start`
/// daemonizes and prints the address; `delete` cleans up after a shim that died.
struct ShimLauncher: Sendable {
    let shimBinary: String
    let socketDirectory: String

    func start(key: TaskKey, bundle: TaskBundle, runtime: String, runtimeRoot: String) throws -> String {
        let result = try ProcessSpawner.run(shimBinary, [
            "start", "--namespace", key.namespace, "--id", key.id, "--bundle", bundle.path,
            "--runtime", runtime, "--runtime-root", runtimeRoot, "--socket-dir", socketDirectory,
        ])
        let address = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !address.isEmpty else {
            let detail = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw BerthError(.system, "start shim for task \(key)", cause: detail.isEmpty ? "exit status \(result.status)" : detail)
        }
        return address
    }

    /// Returns the exit the dead shim recorded (137, as containerd reports, when it recorded none).
    func delete(key: TaskKey, bundle: TaskBundle, runtime: String, runtimeRoot: String) -> ExitResponse {
        let result = try? ProcessSpawner.run(shimBinary, [
            "delete", "--namespace", key.namespace, "--id", key.id, "--bundle", bundle.path,
            "--runtime", runtime, "--runtime-root", runtimeRoot, "--socket-dir", socketDirectory,
        ])
        if let output = result?.stdout, let data = output.data(using: .utf8),
           let exit = try? JSONDecoder().decode(ExitResponse.self, from: data) {
            return exit
        }
        return ExitResponse(pid: 0, exitStatus: 137, exitedAt: nil)
    }
}
