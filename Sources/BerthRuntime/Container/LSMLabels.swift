import BerthLinux
import BerthOCI

/// AppArmor and SELinux labels are accepted; where the LSM is absent the runtime says so and
/// carries on, as the issue asks, instead of failing the container.
enum LSMLabels {
    static func check(process: Process, linux: Linux?, log: RuntimeLog) throws {
        if let profile = process.apparmorProfile, !profile.isEmpty, !FileIO.exists("/sys/kernel/security/apparmor") {
            log.warning("apparmor is not enabled on this host: ignoring process.apparmorProfile \"\(profile)\"")
        }
        let selinux = FileIO.exists("/sys/fs/selinux/enforce")
        if let label = process.selinuxLabel, !label.isEmpty, !selinux {
            log.warning("selinux is not enabled on this host: ignoring process.selinuxLabel \"\(label)\"")
        }
        if let label = linux?.mountLabel, !label.isEmpty, !selinux {
            log.warning("selinux is not enabled on this host: ignoring linux.mountLabel \"\(label)\"")
        }
    }
}
