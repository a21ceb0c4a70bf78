import Foundation

/// Drives a runc-compatible binary (berth-runtime or runc) with its own private state root.
struct RuntimeCLI {
    let binary: String
    let root: String

    static func berth() -> RuntimeCLI {
        RuntimeCLI(binary: TestEnv.runtime, root: NSTemporaryDirectory() + TestEnv.uniqueName("berth-root"))
    }

    static func runc() -> RuntimeCLI? {
        guard let path = TestEnv.runc else { return nil }
        return RuntimeCLI(binary: path, root: NSTemporaryDirectory() + TestEnv.uniqueName("runc-root"))
    }

    @discardableResult
    func callAsFunction(_ args: String..., stdin: String? = nil, timeout: TimeInterval = 60) throws -> Shell.Result {
        try call(args, stdin: stdin, timeout: timeout)
    }

    @discardableResult
    func call(_ args: [String], stdin: String? = nil, timeout: TimeInterval = 60) throws -> Shell.Result {
        try Shell.run([binary, "--root", root] + args, stdin: stdin, timeout: timeout)
    }

    /// `run` in the foreground: the container's stdout, stderr and exit code.
    func run(_ bundle: TestBundle, id: String = TestEnv.uniqueName("c")) throws -> Shell.Result {
        try call(["run", "--bundle", bundle.dir, id])
    }

    /// Deletes anything left under this root (a failed test must not leak containers).
    func cleanup() {
        if let ids = try? call(["list", "-q"]).stdout.split(separator: "\n") {
            for id in ids { _ = try? call(["delete", "--force", String(id)]) }
        }
        _ = try? Shell.run(["/bin/rm", "-rf", root])
    }
}
