import BerthCore
import BerthOCI
import CBerthLinux
import Glibc

/// The five capability sets as bitmasks, and their application to the calling process.
public struct CapabilitySet: Sendable, Equatable {
    public var bounding: UInt64
    public var effective: UInt64
    public var inheritable: UInt64
    public var permitted: UInt64
    public var ambient: UInt64

    public init(_ caps: Capabilities?) {
        func mask(_ names: [String]?) -> UInt64 {
            var m: UInt64 = 0
            for name in names ?? [] {
                if let n = CapabilityNames.number(of: name), n < 64 { m |= 1 << UInt64(n) }
            }
            return m
        }
        bounding = mask(caps?.bounding)
        effective = mask(caps?.effective)
        inheritable = mask(caps?.inheritable)
        permitted = mask(caps?.permitted)
        ambient = mask(caps?.ambient)
    }

    /// Drops from the bounding set every capability not listed. Needs CAP_SETPCAP, so it runs before
    /// the uid switch.
    public func dropBounding() throws {
        let last = Int(berth_cap_last_cap())
        guard last >= 0 else { return }
        for cap in 0...last where bounding & (1 << UInt64(cap)) == 0 {
            if berth_prctl(Prctl.capbsetDrop, UInt(cap), 0, 0, 0) != 0 && errno != EINVAL {
                throw BerthError.sys("drop capability \(CapabilityNames.all.indices.contains(cap) ? CapabilityNames.all[cap] : String(cap)) from bounding set")
            }
        }
    }

    /// Sets effective/permitted/inheritable, then raises the ambient set (which requires each cap to
    /// be in both permitted and inheritable, per capabilities(7)).
    public func applyProcessSets() throws {
        let last = Int(berth_cap_last_cap())
        let valid: UInt64 = last >= 63 ? ~0 : (UInt64(1) << UInt64(last + 1)) - 1
        guard berth_capset(effective & valid, permitted & valid, inheritable & valid) == 0 else {
            throw BerthError.sys("capset")
        }
        _ = berth_prctl(Prctl.capAmbient, Prctl.capAmbientClearAll, 0, 0, 0)
        for cap in 0...max(last, 0) where ambient & (1 << UInt64(cap)) != 0 {
            // Ambient raise fails with EPERM unless the cap is permitted and inheritable; runc ignores
            // that case, and so do we, so an over-broad ambient list does not abort the container.
            _ = berth_prctl(Prctl.capAmbient, Prctl.capAmbientRaise, UInt(cap), 0, 0)
        }
    }
}
