import Foundation

/// A scratch `--root` tree with a configuration file and a TFTP root, for running `kiwi-ltsp` against.
public struct ScratchRoot {
    public let path: String

    /// `settings` are `KEY=value` lines written to `<root>/etc/sysconfig/kiwi-ltsp`.
    public init(_ label: String, settings: [String: String]) throws {
        path = try BuiltProducts.scratchDirectory(label)
        try FileManager.default.createDirectory(atPath: "\(path)/etc/sysconfig", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tftpRoot + "/KIWI", withIntermediateDirectories: true)
        let text = settings.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"\n" }.joined()
        try text.write(toFile: "\(path)/etc/sysconfig/kiwi-ltsp", atomically: true, encoding: .utf8)
    }

    /// Settings for services on the loopback of a fresh namespace: no DHCP, no NAT, no host lookups.
    public static let loopback: [String: String] = [
        "DHCP_IFACES": "lo", "SERVER_IP": "127.0.0.1", "DHCP_MODE": "off", "NAT": "no", "DNS_SERVERS": "127.0.0.1",
    ]

    public var tftpRoot: String { "\(path)/srv/tftpboot" }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `size` bytes of a fixed pseudo-random pattern to `relative` under the TFTP root.
    @discardableResult
    public func writeTFTPFile(_ relative: String, size: Int, seed: UInt64 = 1) throws -> String {
        let file = "\(tftpRoot)/\(relative)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try Self.writePattern(to: file, size: size, seed: seed)
        return file
    }

    /// Writes `size` bytes of a pseudo-random pattern fixed by `seed`.
    public static func writePattern(to file: String, size: Int, seed: UInt64) throws {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < size {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                withUnsafeBytes(of: state) { word in
                    let count = min(8, size - offset)
                    buffer.baseAddress!.advanced(by: offset).copyMemory(from: word.baseAddress!, byteCount: count)
                }
                offset += 8
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
    }
}

/// SHA-256 of a file via sha256sum (coreutils).
public func sha256(_ path: String) throws -> String {
    String(try Command.run(["sha256sum", path]).stdout.prefix(64))
}
