import Foundation
import Testing
import TestSupport

/// One `kiwi-ltsp serve` in a fresh network namespace (its own loopback, so port 69 is free) with a scratch root.
final class ServeHarness {
    let namespace: NetworkNamespace
    let root: ScratchRoot
    private(set) var serve: ServeProcess?

    init(_ label: String, settings: [String: String] = ScratchRoot.loopback) throws {
        namespace = try NetworkNamespace()
        root = try ScratchRoot(label, settings: settings)
    }

    deinit { root.remove() }

    func start(_ arguments: [String] = ["--only", "tftp"], ready: String = "TFTP listening") throws {
        serve = try ServeProcess(arguments: arguments + ["--root", root.path], namespace: namespace, ready: ready)
    }

    /// Runs a client inside the namespace.
    func client(_ arguments: [String], check: Bool = false) throws -> CommandResult {
        try namespace.exec(arguments, check: check)
    }

    /// Skips the test (fails it in a strict run) when a tool is missing.
    static func requireTools(_ names: [String]) throws {
        try RequiredTool.require(names + ["ip"])
        let binary = BuiltProducts.executable("kiwi-ltsp")
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build kiwi-ltsp first: \(binary)")
    }
}
