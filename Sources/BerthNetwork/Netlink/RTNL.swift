/// rtnetlink constants from linux/netlink.h, linux/rtnetlink.h, linux/if_link.h and linux/veth.h.
/// Glibc's module does not export these kernel headers, so they live here under their kernel names
/// (greppable against the headers), typed as the field they fill.
enum RTNL {
    static let NETLINK_ROUTE: Int32 = 0
    static let SOL_NETLINK: Int32 = 270
    static let NETLINK_CAP_ACK: Int32 = 10
    static let NETLINK_EXT_ACK: Int32 = 11

    // nlmsghdr.nlmsg_type
    static let NLMSG_NOOP: UInt16 = 1
    static let NLMSG_ERROR: UInt16 = 2
    static let NLMSG_DONE: UInt16 = 3
    static let NLMSG_OVERRUN: UInt16 = 4
    static let RTM_NEWLINK: UInt16 = 16
    static let RTM_DELLINK: UInt16 = 17
    static let RTM_GETLINK: UInt16 = 18
    static let RTM_SETLINK: UInt16 = 19
    static let RTM_NEWADDR: UInt16 = 20
    static let RTM_GETADDR: UInt16 = 22
    static let RTM_NEWROUTE: UInt16 = 24
    static let RTM_GETROUTE: UInt16 = 26

    // nlmsghdr.nlmsg_flags
    static let NLM_F_REQUEST: UInt16 = 0x1
    static let NLM_F_MULTI: UInt16 = 0x2
    static let NLM_F_ACK: UInt16 = 0x4
    static let NLM_F_DUMP: UInt16 = 0x300
    static let NLM_F_EXCL: UInt16 = 0x200
    static let NLM_F_CREATE: UInt16 = 0x400
    /// On an NLMSG_ERROR: the request was not echoed back (NETLINK_CAP_ACK) / TLVs follow.
    static let NLM_F_CAPPED: UInt16 = 0x100
    static let NLM_F_ACK_TLVS: UInt16 = 0x200
    static let NLMSGERR_ATTR_MSG: UInt16 = 1

    // ifinfomsg attributes
    static let IFLA_ADDRESS: UInt16 = 1
    static let IFLA_IFNAME: UInt16 = 3
    static let IFLA_MTU: UInt16 = 4
    static let IFLA_LINK: UInt16 = 5
    static let IFLA_MASTER: UInt16 = 10
    static let IFLA_LINKINFO: UInt16 = 18
    static let IFLA_NET_NS_FD: UInt16 = 28
    static let IFLA_INFO_KIND: UInt16 = 1
    static let IFLA_INFO_DATA: UInt16 = 2
    static let VETH_INFO_PEER: UInt16 = 1
    static let IFLA_MACVLAN_MODE: UInt16 = 1
    static let MACVLAN_MODE_PRIVATE: UInt32 = 1
    static let MACVLAN_MODE_VEPA: UInt32 = 2
    static let MACVLAN_MODE_BRIDGE: UInt32 = 4
    static let MACVLAN_MODE_PASSTHRU: UInt32 = 8
    static let IFF_UP: UInt32 = 0x1

    // ifaddrmsg attributes
    static let IFA_ADDRESS: UInt16 = 1
    static let IFA_LOCAL: UInt16 = 2
    static let IFA_BROADCAST: UInt16 = 4

    // rtmsg fields and attributes
    static let RTA_DST: UInt16 = 1
    static let RTA_OIF: UInt16 = 4
    static let RTA_GATEWAY: UInt16 = 5
    static let RTA_TABLE: UInt16 = 15
    static let RT_TABLE_MAIN: UInt8 = 254
    static let RTPROT_BOOT: UInt8 = 3
    static let RT_SCOPE_UNIVERSE: UInt8 = 0
    static let RT_SCOPE_LINK: UInt8 = 253
    static let RTN_UNICAST: UInt8 = 1

    static let AF_UNSPEC: UInt8 = 0
    static let AF_INET: UInt8 = 2

    static let nlmsghdrSize = 16
    static let ifinfomsgSize = 16
    static let ifaddrmsgSize = 8
    static let rtmsgSize = 12
}
