/// When to advertise (RFC 4861 §6.2.4 and §6.2.6), as a pure schedule: three advertisements at start 4 s apart
/// (MAX_INITIAL_RTR_ADVERTISEMENTS, well under MAX_INITIAL_RTR_ADVERT_INTERVAL), then one every `interval`; a
/// solicitation is answered at once unless an advertisement went out less than MIN_DELAY_BETWEEN_RAS (3 s) ago, in
/// which case it waits until those 3 s have passed. Time is a parameter.
public struct RouterAdvertisementSchedule: Equatable, Sendable {
    public static let initialCount = 3
    public static let initialInterval: Duration = .seconds(4)
    public static let minimumGap: Duration = .seconds(3)

    public var interval: Duration
    private var sent = 0
    private var lastSent: Duration?
    /// The next advertisement's time.
    public private(set) var next: Duration

    public init(start: Duration, interval: Duration = .seconds(200)) {
        self.interval = interval
        next = start
    }

    /// True when an advertisement is due at `now`.
    public func isDue(_ now: Duration) -> Bool { now >= next }

    /// An advertisement went out at `now`.
    public mutating func sent(at now: Duration) {
        sent += 1
        lastSent = now
        next = now + (sent < Self.initialCount ? Self.initialInterval : interval)
    }

    /// A solicitation arrived at `now`: the next advertisement comes as soon as the gap allows.
    public mutating func solicited(at now: Duration) {
        let earliest = lastSent.map { $0 + Self.minimumGap } ?? now
        next = min(next, max(now, earliest))
    }
}
