import BerthEngineAPI
import BerthRegistry

extension EngineSystem {
    /// `RegistryConfig` as dockerd reports it: loopback and CIDR entries as InsecureRegistryCIDRs, named
    /// insecure hosts and docker.io (with its mirrors) as IndexConfigs.
    static func registryConfig(_ registry: RegistryConfiguration) -> RegistryServiceConfig {
        var cidrs = ["::1/128", "127.0.0.0/8"]
        var indexes = ["docker.io": RegistryIndexInfo(name: "docker.io", mirrors: registry.mirrors, secure: true, official: true)]
        for entry in registry.insecureRegistries {
            if entry.contains("/") && entry.first?.isNumber == true {
                cidrs.append(entry)
            } else {
                indexes[entry] = RegistryIndexInfo(name: entry, mirrors: [], secure: false, official: false)
            }
        }
        return RegistryServiceConfig(insecureRegistryCIDRs: cidrs, indexConfigs: indexes, mirrors: registry.mirrors)
    }
}
