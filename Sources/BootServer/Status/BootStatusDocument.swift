import Foundation

/// What `kiwi-ltsp status` gets from the running server: the server and every client's boot timeline.
///
/// The JSON field names are an interface for scripts: add fields, do not rename them. Times are RFC 3339 in UTC
/// with milliseconds.
public struct BootStatusDocument: Sendable, Hashable, Codable {
    public struct Server: Sendable, Hashable, Codable {
        public var pid: Int32
        public var started: Date
        /// The configuration file the server runs with.
        public var configuration: String
        public var services: [String]
        /// The last SIGHUP reload: when, and whether the file was taken.
        public var reloaded: Date?

        public init(pid: Int32, started: Date, configuration: String, services: [String], reloaded: Date? = nil) {
            self.pid = pid
            self.started = started
            self.configuration = configuration
            self.services = services
            self.reloaded = reloaded
        }
    }

    public var server: Server
    public var clients: [BootClientRecord]

    public init(server: Server, clients: [BootClientRecord]) {
        self.server = server
        self.clients = clients
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.timestamp(date))
        }
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> BootStatusDocument {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Self.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return date
        }
        return try decoder.decode(BootStatusDocument.self, from: data)
    }

    /// `2025-01-31T12:34:56.789Z`.
    public static func timestamp(_ date: Date) -> String {
        formatter().string(from: date)
    }

    static func date(_ text: String) -> Date? {
        formatter().date(from: text)
    }

    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
