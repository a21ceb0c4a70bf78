import BerthEngine
import BerthHTTPServer

/// GET /version, GET /info.
enum SystemRoutes {
    static func register(_ router: inout Router, system: EngineSystem) throws {
        try router.get("/version") { _ in try .json(await system.versionInfo()) }
        try router.get("/info") { _ in try .json(await system.info()) }
    }
}
