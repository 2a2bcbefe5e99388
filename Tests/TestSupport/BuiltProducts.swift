import Foundation

/// Where the package's built executables are: `KIWI_LTSP_BIN_DIR`, else `.build/debug` of this package.
public enum BuiltProducts {
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    public static func executable(_ name: String) -> String {
        if let directory = ProcessInfo.processInfo.environment["KIWI_LTSP_BIN_DIR"] {
            return "\(directory)/\(name)"
        }
        return packageRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    /// A client program for `arch`: the built one for amd64, `scripts/build-clients-i386`'s from `i386/` beside it.
    public static func executable(_ name: String, arch: String) -> String {
        arch == "amd64" ? executable(name) : executable("\(arch)/\(name)")
    }

    /// The architectures the client programs are built for; their integration tests run each.
    public static let clientArches = ["amd64", "i386"]

    /// A fresh scratch directory under /tmp.
    public static func scratchDirectory(_ label: String) throws -> String {
        let path = "/tmp/kiwi-ltsp-test-\(label)-\(getpid())-\(UInt32.random(in: 0..<1_000_000))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
