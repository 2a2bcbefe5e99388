import Foundation

/// The kernel's IPv4 socket tables (/proc/net/tcp and /proc/net/udp): what is bound, what listens and what waits
/// unread, seen without touching a socket (a probe connection would use up a one-shot listener such as `nc -l`).
///
/// `/proc/PID/net/…` is the table of the network namespace PID runs in, so a process in another namespace is looked
/// at through its own PID.
public enum SocketTable {
    /// One line of a table.
    public struct Entry: Sendable, Hashable {
        /// The local address, dotted (e.g. "127.0.0.5").
        public var address: String
        public var port: Int
        /// The kernel's state: 0x0A is LISTEN for TCP.
        public var state: Int
        /// Bytes received and not yet read (for a TCP listener: connections not yet accepted).
        public var unread: Int
        public var inode: Int
    }

    /// The entries of `table` ("tcp" or "udp") in the network namespace of `pid` (nil: this process's).
    public static func entries(_ table: String, namespaceOf pid: pid_t? = nil) -> [Entry] {
        let path = pid.map { "/proc/\($0)/net/\(table)" } ?? "/proc/net/\(table)"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9 else { return nil }
            let local = fields[1].split(separator: ":"), queues = fields[4].split(separator: ":")
            guard local.count == 2, queues.count == 2, let raw = UInt32(local[0], radix: 16),
                let port = Int(local[1], radix: 16), let state = Int(fields[3], radix: 16),
                let unread = Int(queues[1], radix: 16), let inode = Int(fields[9])
            else { return nil }
            // The address is the in-memory (network order) word printed as a native integer.
            let address = withUnsafeBytes(of: raw) { $0.map(String.init).joined(separator: ".") }
            return Entry(address: address, port: port, state: state, unread: unread, inode: inode)
        }
    }

    /// Whether a TCP socket listens on `address`:`port` (or on 0.0.0.0:`port`).
    public static func isListening(tcp address: String, port: Int, namespaceOf pid: pid_t? = nil) -> Bool {
        entries("tcp", namespaceOf: pid).contains {
            $0.state == 0x0A && $0.port == port && ($0.address == address || $0.address == "0.0.0.0")
        }
    }

    /// The UDP sockets `pid` holds open, from its descriptors and the table of its namespace; nil once it is gone.
    public static func udpSockets(of pid: pid_t) -> [Entry]? {
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else {
            return nil
        }
        let inodes = Set(
            descriptors.compactMap { descriptor -> Int? in
                guard
                    let target = try? FileManager.default.destinationOfSymbolicLink(
                        atPath: "/proc/\(pid)/fd/\(descriptor)"),
                    target.hasPrefix("socket:[")
                else { return nil }
                return Int(target.dropFirst(8).dropLast())
            })
        return entries("udp", namespaceOf: pid).filter { inodes.contains($0.inode) }
    }
}
