// swift-tools-version: 6.1
import PackageDescription

// Layering (see ../shared/ARCHITECTURE.md): this package grows one layer per issue.
// The runtime path (berth-runtime and everything it links) is synchronous and uses no Foundation,
// NIO or Dispatch: FoundationEssentials only, so a static binary starts in a few milliseconds.
let package = Package(
    name: "Berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth-runtime", targets: ["berth-runtime"]),
        .executable(name: "berth-shim", targets: ["berth-shim"]),
        .executable(name: "berth-supervisor", targets: ["berth-supervisor"]),
        .executable(name: "berth-ctr", targets: ["berth-ctr"]),
        .executable(name: "berthd", targets: ["berthd"]),
        .executable(name: "berth", targets: ["berth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
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

        // The shim path: FoundationEssentials only, no NIO, static stdlib (PSS <= 1 MB per idle shim).
        // It never links BerthRuntime: it drives any runc-compatible binary through its CLI.
        .target(name: "BerthShimAPI", dependencies: ["BerthCore", "BerthLinux", "CBerthLinux"]),
        .target(name: "BerthShim", dependencies: ["BerthShimAPI", "BerthCore", "BerthLinux", "CBerthLinux"]),
        .executableTarget(name: "berth-shim", dependencies: ["BerthShim", "BerthShimAPI"]),

        // The supervisor path (the containerd role).
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CCompression", providers: [.apt(["zlib1g-dev", "libzstd-dev"])]),
        .target(name: "BerthContent", dependencies: ["BerthCore", "BerthLinux", "CCrypto", "CBerthLinux"]),
        .target(name: "BerthMetadata", dependencies: [
            "BerthCore", "BerthOCI", "BerthContent", "BerthSnapshots", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "BerthSnapshots", dependencies: [
            "BerthCore", "BerthLinux", "CBerthLinux", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "BerthImages", dependencies: [
            "BerthCore", "BerthOCI", "BerthLinux", "BerthContent", "CArchive", "CCompression", "CBerthLinux",
        ]),
        .target(name: "BerthSupervisorAPI", dependencies: [
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        ]),
        .target(name: "BerthSupervisor", dependencies: [
            "BerthCore", "BerthOCI", "BerthLinux", "CBerthLinux", "BerthContent", "BerthMetadata",
            "BerthSnapshots", "BerthImages", "BerthShimAPI", "BerthSupervisorAPI",
        ]),
        .executableTarget(name: "berth-supervisor", dependencies: ["BerthSupervisor", "BerthSupervisorAPI"]),
        .executableTarget(name: "berth-ctr", dependencies: [
            "BerthSupervisorAPI", "BerthCore", "BerthOCI", "BerthLinux", "CBerthLinux",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The engine path (the dockerd role) and the engine CLI (the docker CLI role).
        .target(name: "BerthEngineAPI", dependencies: ["BerthCore"]),
        // The OCI distribution client (pull, push, auth). The engine drives it and writes what it fetches
        // into the supervisor's content store, as dockerd drives containerd's.
        .target(name: "BerthRegistry", dependencies: [
            "BerthCore", "BerthOCI", "BerthContent",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The HTTP/1.1 server under berthd is a library of its own, so hijacking, streaming and version
        // negotiation are tested without an engine behind them.
        .target(name: "BerthHTTPServer", dependencies: [
            "BerthCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Container networking (the libnetwork role): rtnetlink in-process, netns files, IPAM, nftables
        // through libnftables (one atomic transaction per change), the embedded DNS server.
        .systemLibrary(name: "CNftables", pkgConfig: "libnftables", providers: [.apt(["libnftables-dev"])]),
        .target(name: "BerthNetwork", dependencies: [
            "BerthCore", "BerthLinux", "CBerthLinux", "CNftables",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "BerthEngine", dependencies: [
            "BerthCore", "BerthOCI", "BerthLinux", "BerthSeccomp", "BerthEngineAPI", "BerthSupervisorAPI", "BerthSnapshots",
            "BerthImages", "BerthContent", "BerthRegistry", "BerthNetwork", "CBerthLinux",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        ]),
        .executableTarget(name: "berthd", dependencies: [
            "BerthEngine", "BerthEngineAPI", "BerthHTTPServer", "BerthRegistry", "BerthNetwork", "BerthOCI", "BerthCore", "BerthLinux",
        ]),
        .target(name: "BerthCLI", dependencies: ["BerthCore", "BerthLinux", "CBerthLinux", "BerthEngineAPI"]),
        .executableTarget(name: "berth", dependencies: ["BerthCLI"]),

        .testTarget(name: "BerthEngineAPITests", dependencies: ["BerthEngineAPI"]),
        .testTarget(name: "BerthRegistryTests", dependencies: ["BerthRegistry", "BerthOCI", "BerthCore"]),
        .testTarget(name: "BerthHTTPServerTests", dependencies: [
            "BerthHTTPServer", "BerthCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "BerthEngineTests", dependencies: [
            "BerthEngine", "BerthEngineAPI", "BerthRegistry", "BerthOCI", "BerthCore", "BerthLinux", "BerthContent",
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "BerthCLITests", dependencies: ["BerthCLI", "BerthEngineAPI", "BerthCore"]),
        .testTarget(name: "BerthOCITests", dependencies: ["BerthOCI"]),
        .testTarget(name: "BerthNetworkTests", dependencies: [
            "BerthNetwork", "BerthCore", "BerthLinux",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "BerthLinuxTests", dependencies: ["BerthLinux", "BerthOCI"]),
        .testTarget(name: "BerthCgroupsTests", dependencies: ["BerthCgroups", "BerthOCI", "BerthLinux"]),
        .testTarget(name: "BerthSeccompTests", dependencies: ["BerthSeccomp", "BerthOCI"]),
        .testTarget(name: "BerthShimTests", dependencies: ["BerthShim", "BerthShimAPI", "BerthCore", "BerthLinux", "CBerthLinux"]),
        .testTarget(name: "BerthContentTests", dependencies: ["BerthContent", "BerthCore"]),
        .testTarget(name: "BerthMetadataTests", dependencies: ["BerthMetadata", "BerthContent", "BerthSnapshots", "BerthCore"]),
        .testTarget(name: "BerthSnapshotsTests", dependencies: ["BerthSnapshots", "BerthCore", "BerthLinux"]),
        .testTarget(name: "BerthImagesTests", dependencies: ["BerthImages", "BerthContent", "BerthOCI", "BerthCore", "BerthLinux"]),
        .testTarget(name: "BerthSupervisorTests", dependencies: [
            "BerthSupervisor", "BerthSupervisorAPI", "BerthContent", "BerthCore", "BerthOCI", "BerthLinux", "CBerthLinux",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .testTarget(name: "BerthRuntimeTests", dependencies: ["BerthRuntime", "BerthOCI", "BerthLinux", "BerthSeccomp", "CBerthLinux"]),
    ]
)
