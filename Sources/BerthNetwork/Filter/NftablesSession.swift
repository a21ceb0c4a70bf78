import BerthCore
import CNftables
import Synchronization

/// libnftables in-process: a whole ruleset script is parsed and committed as one netlink transaction,
/// so the kernel never sees half of a change and no `nft` process is spawned per container.
public final class NftablesSession: Sendable {
    private let context: Mutex<OpaquePointer?>

    public init() throws {
        guard let ctx = nft_ctx_new(UInt32(NFT_CTX_DEFAULT)) else {
            throw BerthError(.system, "nftables: cannot create a libnftables context")
        }
        nft_ctx_buffer_output(ctx)
        nft_ctx_buffer_error(ctx)
        context = Mutex(ctx)
    }

    deinit {
        context.withLock { ctx in
            if let ctx { nft_ctx_free(ctx) }
            ctx = nil
        }
    }

    /// Runs `script` atomically; the error names the failing line as nft reports it.
    @discardableResult
    public func run(_ script: String) throws -> String {
        try context.withLock { ctx -> String in
            guard let ctx else { throw BerthError(.system, "nftables: context closed") }
            let status = nft_run_cmd_from_buffer(ctx, script)
            let output = nft_ctx_get_output_buffer(ctx).map { String(cString: $0) } ?? ""
            let errors = nft_ctx_get_error_buffer(ctx).map { String(cString: $0) } ?? ""
            guard status == 0 else {
                let detail = errors.split(separator: "\n").prefix(3).joined(separator: "; ")
                throw BerthError(.system, "nftables: \(detail.isEmpty ? "ruleset refused" : detail)")
            }
            return output
        }
    }
}
