// swift-tools-version:6.1
import PackageDescription

let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let nioHTTP1: Target.Dependency = .product(name: "NIOHTTP1", package: "swift-nio")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
/// Client programs run inside the thin client's image and initrd: no Swift runtime there, so link everything in.
let staticExecutable: [LinkerSetting] = [.unsafeFlags(["-static-executable"], .when(platforms: [.linux]))]
/// The greeter links Debian's X libraries (libX11, libXft) dynamically and Swift's runtime statically.
let staticStandardLibrary: [LinkerSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))]

let package = Package(
    name: "kiwi-ltsp",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kiwi-ltsp", targets: ["kiwi-ltsp"]),
        .executable(name: "ltsp-client", targets: ["ltsp-client"]),
        .executable(name: "ltsp-nbd-attach", targets: ["ltsp-nbd-attach"]),
        .executable(name: "ldm", targets: ["ldm"]),
        .executable(name: "ldm-greeter", targets: ["ldm-greeter"]),
        /// Every module that parses bytes from the network or a file; the fuzz targets in Fuzz/ link it.
        .library(
            name: "KiwiParsers",
            targets: ["TFTPWire", "TFTP", "DHCP", "NBDWire", "NBD", "NBDClient", "ThinClient", "LTSPConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "CKiwiSystem"),
        .target(name: "SystemSupport"),
        .target(name: "NetworkValues", dependencies: ["SystemSupport"]),
        .target(name: "LTSPConfig", dependencies: ["SystemSupport", "NetworkValues"]),
        .target(name: "ServerSupport", dependencies: [nioCore, logging, lifecycle]),
        .target(name: "TFTPWire"),
        .target(
            name: "TFTP",
            dependencies: ["CKiwiSystem", "ServerSupport", "TFTPWire", nioCore, nioPosix, logging, lifecycle]),
        .target(name: "DHCP", dependencies: ["NetworkValues", "SystemSupport", nioCore, nioPosix, logging, lifecycle]),
        .target(name: "NBDWire"),
        .target(
            name: "NBD",
            dependencies: ["CKiwiSystem", "ServerSupport", "NBDWire", nioCore, nioPosix, logging, lifecycle]),
        .target(name: "AoE", dependencies: ["CKiwiSystem", logging, lifecycle]),
        .target(name: "HTTPFiles", dependencies: ["ServerSupport", nioCore, nioPosix, nioHTTP1, logging, lifecycle]),
        .target(name: "RouterAdvertisement", dependencies: ["ServerSupport", logging, lifecycle]),
        .target(name: "LDMInfoWire"),
        .target(
            name: "LDMInfo",
            dependencies: [
                "LDMInfoWire", "LTSPConfig", "SystemSupport", "ServerSupport", nioCore, nioPosix, logging, lifecycle,
            ]),
        .target(name: "Provisioning", dependencies: ["LTSPConfig", "NetworkValues", "SystemSupport"]),
        .target(
            name: "BootServer",
            dependencies: [
                "AoE", "CKiwiSystem", "LTSPConfig", "NetworkValues", "SystemSupport", "ServerSupport", "TFTP", "DHCP",
                "NBD",
                "LDMInfo", "HTTPFiles",
                "RouterAdvertisement", nioCore,
                nioPosix, logging, lifecycle,
            ]),
        .target(name: "ImageBuilder", dependencies: ["LTSPConfig", "NetworkValues", "SystemSupport", "Provisioning"]),
        .target(name: "Lab", dependencies: ["SystemSupport", "Provisioning"]),
        .target(
            name: "KiwiLTSPCommands",
            dependencies: [
                "LTSPConfig", "NetworkValues", "SystemSupport", "BootServer", "DHCP", "Provisioning", "ImageBuilder",
                "Lab", argumentParser, logging,
                lifecycle,
            ]),
        .executableTarget(name: "kiwi-ltsp", dependencies: ["KiwiLTSPCommands"]),
        .target(name: "ThinClient", dependencies: ["LTSPConfig", "NetworkValues", "SystemSupport", "TFTPWire"]),
        .executableTarget(name: "ltsp-client", dependencies: ["ThinClient"], linkerSettings: staticExecutable),
        .target(name: "NBDClient", dependencies: ["NBDWire"]),
        .executableTarget(name: "ltsp-nbd-attach", dependencies: ["NBDClient"], linkerSettings: staticExecutable),
        .target(name: "GreeterProtocol"),
        .target(
            name: "LDM",
            dependencies: [
                "CKiwiSystem", "LTSPConfig", "NetworkValues", "SystemSupport", "GreeterProtocol", "LDMInfoWire",
            ]),
        .executableTarget(name: "ldm", dependencies: ["LDM"], linkerSettings: staticExecutable),
        .systemLibrary(name: "CXft", pkgConfig: "xft", providers: [.apt(["libxft-dev", "libx11-dev"])]),
        .target(name: "Greeter", dependencies: ["CXft", "GreeterProtocol", "SystemSupport"]),
        .executableTarget(name: "ldm-greeter", dependencies: ["Greeter"], linkerSettings: staticStandardLibrary),
        .target(
            name: "TestSupport", dependencies: ["Provisioning", "SystemSupport", "Lab"], path: "Tests/TestSupport"),
        .testTarget(name: "LTSPConfigTests", dependencies: ["LTSPConfig", "NetworkValues", "SystemSupport"]),
        .testTarget(
            name: "TFTPTests", dependencies: ["TFTP", "TFTPWire", "CKiwiSystem", "TestSupport", nioCore, nioPosix]),
        .testTarget(
            name: "DHCPTests", dependencies: ["DHCP", "NetworkValues", "TestSupport", nioCore, nioPosix],
            exclude: ["Fixtures"]),
        .testTarget(name: "NBDTests", dependencies: ["NBD", "NBDWire", "TestSupport", nioCore, nioPosix]),
        .testTarget(
            name: "ProvisioningTests",
            dependencies: ["Provisioning", "LTSPConfig", "NetworkValues", "SystemSupport", "TestSupport"],
            resources: [.copy("Golden")]),
        .testTarget(
            name: "BootServerTests",
            dependencies: ["BootServer", "LTSPConfig", "NetworkValues", "SystemSupport", logging]),
        .testTarget(
            name: "ServeIntegrationTests", dependencies: ["TFTP", "TestSupport"],
            resources: [.copy("Support/tftp_probe.py"), .copy("Support/nbd_probe.py")]),
        .testTarget(
            name: "ImageBuilderTests",
            dependencies: ["ImageBuilder", "LTSPConfig", "NetworkValues", "SystemSupport", "TestSupport"]),
        .testTarget(
            name: "ThinClientTests",
            dependencies: ["ThinClient", "LTSPConfig", "NetworkValues", "TFTPWire", "TestSupport"]),
        .testTarget(name: "NBDClientTests", dependencies: ["NBDClient", "NBDWire", "TestSupport"]),
        .testTarget(name: "NBDWireTests", dependencies: ["NBDWire"]),
        .testTarget(name: "ImageBootTests", dependencies: ["ImageBuilder", "TestSupport"]),
        .testTarget(name: "AoETests", dependencies: ["AoE", "TestSupport"], exclude: ["aoe-client.py"]),
        .testTarget(name: "RouterAdvertisementTests", dependencies: ["RouterAdvertisement", "TestSupport"]),
        .testTarget(name: "HTTPFilesTests", dependencies: ["HTTPFiles", "TestSupport", nioCore, nioPosix]),
        .testTarget(
            name: "LDMTests", dependencies: ["LDM", "GreeterProtocol", "LDMInfoWire", "SystemSupport", "TestSupport"]),
        .testTarget(name: "LDMInfoTests", dependencies: ["LDMInfo", "LDMInfoWire", "SystemSupport", "TestSupport"]),
        .testTarget(name: "GreeterTests", dependencies: ["Greeter", "GreeterProtocol"]),
        .testTarget(
            name: "KiwiLTSPCommandsTests",
            dependencies: ["KiwiLTSPCommands", "LTSPConfig", "NetworkValues", "TestSupport"]),
    ]
)
