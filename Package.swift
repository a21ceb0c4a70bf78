// swift-tools-version: 6.0
import PackageDescription

// Layering (see ../shared/ARCHITECTURE.md): this package grows one layer per issue.
// The runtime path (berth-runtime and everything it links) is synchronous and uses no Foundation,
// NIO or Dispatch: FoundationEssentials only, so a static binary starts in a few milliseconds.
let package = Package(
    name: "Berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth-runtime", targets: ["berth-runtime"]),
    ],
    targets: [
        .target(name: "CBerthLinux"),
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        .target(name: "BerthCore"),
        .target(name: "BerthOCI", dependencies: ["BerthCore"]),
        .target(name: "BerthLinux", dependencies: ["BerthCore", "BerthOCI", "CBerthLinux"]),
        .target(name: "BerthCgroups", dependencies: ["BerthCore", "BerthOCI", "BerthLinux", "CBerthLinux"]),
        .target(name: "BerthSeccomp", dependencies: ["BerthCore", "BerthOCI", "CSeccomp"]),
        .target(name: "BerthRuntime", dependencies: [
            "BerthCore", "BerthOCI", "BerthLinux", "BerthCgroups", "BerthSeccomp", "CBerthLinux",
        ]),
        .executableTarget(name: "berth-runtime", dependencies: ["BerthRuntime", "BerthCore", "BerthOCI"]),

        .testTarget(name: "BerthOCITests", dependencies: ["BerthOCI"]),
        .testTarget(name: "BerthLinuxTests", dependencies: ["BerthLinux", "BerthOCI"]),
        .testTarget(name: "BerthCgroupsTests", dependencies: ["BerthCgroups", "BerthOCI", "BerthLinux"]),
        .testTarget(name: "BerthSeccompTests", dependencies: ["BerthSeccomp", "BerthOCI"]),
        .testTarget(name: "BerthRuntimeTests", dependencies: ["BerthRuntime", "BerthOCI", "BerthLinux", "BerthSeccomp", "CBerthLinux"]),
    ]
)
