import BerthCore
import BerthLinux
import Glibc

/// One NETLINK_ROUTE socket, in the host netns or in the netns pinned at `namespacePath`. Every
/// operation is one request and its ack (or one dump), so a veth + address + route is a handful of
/// round trips instead of `ip` processes. Not thread-safe: callers serialize. Closes on deinit.
public final class RouteNetlink: @unchecked Sendable {
    /// One received message: its type and what follows the nlmsghdr.
    struct Reply {
        var type: UInt16
        var body: ArraySlice<UInt8>
    }

    let fd: Int32
    /// Where the socket lives, for error messages.
    let namespacePath: String?
    private var sequence: UInt32

    public init(namespacePath: String? = nil) throws {
        let type = Int32(SOCK_RAW.rawValue)
        if let namespacePath {
            fd = try NetworkNamespace.socket(in: namespacePath, domain: AF_NETLINK, type: type, protocol: RTNL.NETLINK_ROUTE)
        } else {
            let created = Glibc.socket(AF_NETLINK, type | Int32(SOCK_CLOEXEC.rawValue), RTNL.NETLINK_ROUTE)
            guard created >= 0 else { throw BerthError.sys("open rtnetlink socket") }
            fd = created
        }
        self.namespacePath = namespacePath
        // Distinct starting points keep a stale reply from an earlier socket user unmistakable.
        sequence = UInt32.random(in: 1...0x7fff_ffff)
        var on: Int32 = 1
        // Short acks (no echo of our request) with the kernel's own explanation attached.
        setsockopt(fd, RTNL.SOL_NETLINK, RTNL.NETLINK_CAP_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, RTNL.SOL_NETLINK, RTNL.NETLINK_EXT_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
        // The kernel answers rtnetlink synchronously; a silent socket means something is badly wrong,
        // and a daemon thread must not hang on it forever.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends a request with NLM_F_ACK and returns the replies before the ack (a GET by name answers
    /// with one message). `what` names the operation and link for errors: "create bridge berth0".
    @discardableResult
    func request(_ message: NetlinkMessage, _ what: @autoclosure () -> String) throws -> [Reply] {
        try transact(message, what)
    }

    /// Sends a NLM_F_DUMP request and collects every reply until NLMSG_DONE.
    func dump(_ message: NetlinkMessage, _ what: @autoclosure () -> String) throws -> [Reply] {
        try transact(message, what)
    }

    /// Replies up to the ack (requests) or NLMSG_DONE (dumps), or the error the kernel answered with.
    private func transact(_ message: NetlinkMessage, _ what: () -> String) throws -> [Reply] {
        sequence &+= 1
        let seq = sequence
        let bytes = message.finish(sequence: seq)
        let sent = retryEINTR { Int32(truncatingIfNeeded: send(fd, bytes, bytes.count, 0)) }
        guard sent == bytes.count else { throw BerthError.sys(what()) }

        var replies: [Reply] = []
        while true {
            let datagram = try receive(what)
            var offset = 0
            while offset + RTNL.nlmsghdrSize <= datagram.count {
                let all = datagram[...]
                let length = Int(all.loadInteger(UInt32.self, at: offset))
                let type = all.loadInteger(UInt16.self, at: offset + 4)
                let flags = all.loadInteger(UInt16.self, at: offset + 6)
                let replySeq = all.loadInteger(UInt32.self, at: offset + 8)
                guard length >= RTNL.nlmsghdrSize, offset + length <= datagram.count else { break }
                let body = datagram[(offset + RTNL.nlmsghdrSize)..<(offset + length)]
                offset += (length + 3) & ~3
                // Left over from an earlier, abandoned exchange (e.g. after a timeout): not ours.
                guard replySeq == seq else { continue }
                switch type {
                case RTNL.NLMSG_ERROR:
                    let code = -body.loadInteger(Int32.self, at: body.startIndex)
                    if code == 0 { return replies }
                    throw Self.error(what(), errno: code, kernelMessage: Self.extendedAckMessage(body, flags: flags))
                case RTNL.NLMSG_DONE:
                    let code = body.count >= 4 ? -body.loadInteger(Int32.self, at: body.startIndex) : 0
                    if code > 0 { throw Self.error(what(), errno: code, kernelMessage: nil) }
                    return replies
                case RTNL.NLMSG_NOOP:
                    continue
                case RTNL.NLMSG_OVERRUN:
                    throw BerthError(.system, what(), cause: "netlink overrun")
                default:
                    replies.append(Reply(type: type, body: body))
                }
            }
        }
    }

    /// One datagram, sized by peeking first so a large dump batch is never truncated.
    private func receive(_ what: () -> String) throws -> [UInt8] {
        var probe: UInt8 = 0
        let size = retryEINTR { Int32(truncatingIfNeeded: recv(fd, &probe, 1, Int32(MSG_PEEK | MSG_TRUNC))) }
        guard size >= 0 else {
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK {
                throw BerthError(.timeout, what(), cause: "no answer from rtnetlink")
            }
            throw BerthError.sys(what(), errno: code)
        }
        var buffer = [UInt8](repeating: 0, count: max(Int(size), RTNL.nlmsghdrSize))
        let count = retryEINTR { Int32(truncatingIfNeeded: recv(fd, &buffer, buffer.count, 0)) }
        guard count >= 0 else { throw BerthError.sys(what()) }
        return Array(buffer.prefix(Int(count)))
    }

    /// NLMSGERR_ATTR_MSG from an extended ack: the kernel's reason in words ("unknown device type").
    private static func extendedAckMessage(_ body: ArraySlice<UInt8>, flags: UInt16) -> String? {
        guard flags & RTNL.NLM_F_ACK_TLVS != 0 else { return nil }
        // nlmsgerr = error + the request's nlmsghdr (and its payload unless capped).
        var requestLength = RTNL.nlmsghdrSize
        if flags & RTNL.NLM_F_CAPPED == 0 {
            requestLength = Int(body.loadInteger(UInt32.self, at: body.startIndex + 4))
        }
        let start = body.startIndex + 4 + ((requestLength + 3) & ~3)
        guard start <= body.endIndex else { return nil }
        return NetlinkAttributes(body[start...]).string(RTNL.NLMSGERR_ATTR_MSG)
    }

    static func error(_ what: String, errno code: Int32, kernelMessage: String?) -> BerthError {
        let kind: BerthError.Code
        switch code {
        case EEXIST: kind = .alreadyExists
        case ENODEV, ENOENT, ESRCH, EADDRNOTAVAIL: kind = .notFound
        case EINVAL, ERANGE: kind = .invalidArgument
        case EOPNOTSUPP: kind = .unsupported
        default: kind = .system
        }
        var cause = errnoText(code)
        if let kernelMessage, !kernelMessage.isEmpty { cause += " (\(kernelMessage))" }
        return BerthError(kind, what, cause: cause)
    }
}
