import Foundation
import Testing

/// Validates JSON documents against the OCI runtime-spec schemas with Python's `jsonschema` (draft 4).
/// The schemas `$ref` siblings (defs.json, features-linux.json), so they are resolved from the schema's
/// own directory through a `referencing` registry.
enum TCSchema {
    static let specDir = ProcessInfo.processInfo.environment["BERTH_SPEC_DIR"]
        ?? URL(fileURLWithPath: TestEnv.repo).deletingLastPathComponent().path + "/shared/specs/oci-runtime-spec-v1.3.0"

    /// A python3 that has jsonschema (pip may have installed it for a pyenv python rather than /usr/bin's).
    static let python: String? = {
        let path: [String] = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { String($0) + "/python3" }
        let candidates: [String] = path + [NSHomeDirectory() + "/.pyenv/shims/python3", "/usr/local/bin/python3", "/usr/bin/python3"]
        return candidates.first(where: { (candidate: String) -> Bool in
            guard FileManager.default.isExecutableFile(atPath: candidate) else { return false }
            let r = try? Shell.run([candidate, "-c", "import jsonschema, referencing"])
            return r?.status == 0
        })
    }()

    static let available: Bool = python != nil && FileManager.default.fileExists(atPath: specDir + "/state-schema.json")

    static let skipReason: Testing.Comment = "needs python3 with jsonschema and the runtime-spec schemas"

    private static let script = """
    import json, sys, pathlib
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4
    schema_path = pathlib.Path(sys.argv[1]).resolve()
    base = schema_path.parent
    def retrieve(uri):
        path = uri[len("file://"):] if uri.startswith("file://") else str(base / uri)
        return Resource.from_contents(json.loads(pathlib.Path(path).read_text()), default_specification=DRAFT4)
    schema = json.loads(schema_path.read_text())
    schema["id"] = schema_path.as_uri()
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft4Validator)
    validator = cls(schema, registry=Registry(retrieve=retrieve))
    try:
        doc = json.loads(sys.stdin.read())
    except Exception as e:
        print("(document): not JSON:", e)
        sys.exit(1)
    errors = list(validator.iter_errors(doc))
    for e in errors:
        print("/".join(str(p) for p in e.path) or "(document)", ":", e.message)
    sys.exit(1 if errors else 0)
    """

    /// The schema violations of `json` (empty when valid).
    static func violations(_ json: String, schema: String) throws -> [String] {
        guard let python else { throw TestFailure("no python3 with jsonschema") }
        let r = try Shell.run([python, "-c", script, specDir + "/" + schema], stdin: json)
        if r.status == 0 { return [] }
        let lines = r.stdout.split(separator: "\n").map(String.init)
        return lines.isEmpty ? ["validator failed: \(r.stderr)"] : lines
    }
}
