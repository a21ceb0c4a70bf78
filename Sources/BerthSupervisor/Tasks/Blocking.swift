import Foundation

/// Shim calls are blocking socket round trips, and `wait` can block for the life of a container. They
/// run on threads of their own, never on the cooperative pool, which has only as many threads as cores
/// (two here): a parked wait there would stall every other request.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    static func detach(_ body: @escaping @Sendable () -> Void) {
        Thread.detachNewThread(body)
    }
}
