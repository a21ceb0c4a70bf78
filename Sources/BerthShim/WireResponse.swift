import BerthShimAPI

/// A result the shim can put on the wire without JSONEncoder; the JSON matches the type's Codable form.
protocol WireEncodable {
    func wire() -> [UInt8]
}

/// Response and event frames.
enum WireFrame {
    static func result(id: UInt32, _ result: some WireEncodable) -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("id", id)
        w.field("result", json: result.wire())
        return w.finish()
    }

    static func error(id: UInt32, _ error: ShimError) -> [UInt8] {
        var e = JSONObjectWriter()
        e.field("code", error.code.rawValue)
        e.field("message", error.message)
        var w = JSONObjectWriter()
        w.field("id", id)
        w.field("error", json: e.finish())
        return w.finish()
    }

    static func event(_ event: ShimEvent) -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("event", json: event.wire())
        return w.finish()
    }
}

extension ShimEmpty: WireEncodable {
    func wire() -> [UInt8] { JSONObjectWriter().finish() }
}

extension ConnectResponse: WireEncodable {
    func wire() -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("shimPid", shimPid)
        w.field("initPid", initPid)
        w.field("version", version)
        return w.finish()
    }
}

extension PidResponse: WireEncodable {
    func wire() -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("pid", pid)
        return w.finish()
    }
}

extension StateResponse: WireEncodable {
    func wire() -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("id", id)
        w.field("execID", execID)
        w.field("pid", pid)
        w.field("status", status.rawValue)
        w.field("exitStatus", exitStatus)
        w.field("exitedAt", exitedAt)
        w.field("terminal", terminal)
        w.field("stdin", stdin)
        w.field("stdout", stdout)
        w.field("stderr", stderr)
        w.field("bundle", bundle)
        return w.finish()
    }
}

extension ExitResponse: WireEncodable {
    func wire() -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("pid", pid)
        w.field("exitStatus", exitStatus)
        w.field("exitedAt", exitedAt)
        return w.finish()
    }
}

extension ShimProcessInfo: WireEncodable {
    func wire() -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("pid", pid)
        w.field("execID", execID)
        return w.finish()
    }
}

extension PidsResponse: WireEncodable {
    func wire() -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("processes", json: JSONObjectWriter.array(processes.map { $0.wire() }))
        return w.finish()
    }
}

extension StatsResponse: WireEncodable {
    func wire() -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("json", json)
        return w.finish()
    }
}

extension ShimEvent: WireEncodable {
    func wire() -> [UInt8] {
        var w = JSONObjectWriter()
        w.field("topic", topic)
        w.field("id", id)
        w.field("execID", execID)
        w.field("pid", pid)
        w.field("exitStatus", exitStatus)
        w.field("exitedAt", exitedAt)
        return w.finish()
    }
}
