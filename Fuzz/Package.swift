// swift-tools-version:6.1
// libFuzzer targets for every parser that reads bytes from the network or a file. `scripts/fuzz` builds and runs
// them: they link only with `-sanitize=fuzzer` (which brings libFuzzer) and use `@testable import` for the server's
// internal state machines, so they are built with
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
import Foundation
import PackageDescription

/// The main package is the folder above; SwiftPM names a path dependency after its folder, whatever it is called.
let kiwi = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
let kiwiParsers: Target.Dependency = .product(name: "KiwiParsers", package: kiwi.lastPathComponent)
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")

/// One executable per fuzz target: `main.swift` hands over to libFuzzer's driver, the other file defines
/// `LLVMFuzzerTestOneInput`.
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .executableTarget(name: name, dependencies: ["CLibFuzzer", "FuzzSupport", kiwiParsers] + dependencies)
}

let package = Package(
    name: "kiwi-ltsp-fuzz",
    dependencies: [
        .package(path: kiwi.path),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport"),
        fuzzTarget("fuzz-tftp", [nioCore]),
        fuzzTarget("fuzz-dhcp", [nioCore]),
        fuzzTarget("fuzz-nbd-server", [nioCore]),
        fuzzTarget("fuzz-nbd-client"),
        fuzzTarget("fuzz-thinclient-tftp", [nioCore]),
        fuzzTarget("fuzz-ltsconf"),
        fuzzTarget("fuzz-sysconfig"),
    ]
)
