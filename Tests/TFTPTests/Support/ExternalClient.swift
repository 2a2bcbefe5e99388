import Foundation

/// Runs the real TFTP clients the integration tests use (tftp-hpa, curl, atftp, busybox).
///
/// In CI (`CI=true`) a missing client is a failure, not a skip: tests are enabled when the tool exists or when
/// running in CI, and ``path(_:)`` then records the failure.
enum ExternalClient {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func find(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// For `.enabled(if:)`: run when the tool is there, and always in CI (where a missing tool must fail).
    static func usable(_ names: String...) -> Bool {
        self.isCI || names.allSatisfy { self.find($0) != nil }
    }

    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    /// Runs `tool` with `arguments`, stdout and stderr together, killed after `timeout` seconds.
    static func run(_ tool: String, _ arguments: [String], timeout: Double = 120) async throws -> Result {
        guard let path = self.find(tool) else {
            throw ToolMissing(name: tool)
        }
        let outputPath = FileManager.default.temporaryDirectory.path + "/tftp-client-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { process.terminate() }
            }
        }
        try output.close()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Result(status: status, output: text)
    }

    static func sha256(_ path: String) async throws -> String {
        let result = try await self.run("sha256sum", [path])
        return String(result.output.prefix(64))
    }

    struct ToolMissing: Error, CustomStringConvertible {
        var name: String
        var description: String {
            "\(name) is not installed (CI=true makes this a failure; install it, e.g. apt-get install -y \(name))"
        }
    }
}
