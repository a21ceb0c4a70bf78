import BerthCore
import BerthEngine
import BerthHTTPServer

/// GET /images/json, GET /images/{name}/json.
enum ImageRoutes {
    static func register(_ router: inout Router, catalog: ImageCatalog) throws {
        try router.get("/images/json") { _ in try .json(await catalog.summaries()) }
        try router.get("/images/{name}/json") { request in
            do {
                return try .json(await catalog.inspect(try request.parameter("name")))
            } catch let error as BerthError where error.code == .notFound {
                return .error(.notFound, error.message)
            }
        }
    }
}
