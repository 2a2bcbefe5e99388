/// Which image each client (by MAC address) reads: the one that was current when it first spoke to the target, so a
/// new image never changes under a running client; new clients get the new one. At most `capacity` clients are
/// remembered: the one silent longest is forgotten first (it gets the current image if it comes back).
public struct AoEClientTable<Image: AnyObject> {
    public let capacity: Int
    private var clients: [[UInt8]: (image: Image, lastSeen: UInt64)] = [:]
    private var clock: UInt64 = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { clients.count }

    /// The image `mac` reads, if it spoke before (and is remembered).
    public mutating func image(for mac: [UInt8]) -> Image? {
        guard let known = clients[mac] else { return nil }
        clock += 1
        clients[mac] = (known.image, clock)
        return known.image
    }

    /// Remembers that `mac` reads `image`, forgetting the client silent longest when the table is full.
    public mutating func add(_ mac: [UInt8], reading image: Image) {
        clock += 1
        if clients[mac] == nil, clients.count >= capacity,
            let oldest = clients.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key
        {
            clients[oldest] = nil
        }
        clients[mac] = (image, clock)
    }

    /// Whether some client still reads `image`.
    public func isInUse(_ image: Image) -> Bool {
        clients.values.contains { $0.image === image }
    }
}
