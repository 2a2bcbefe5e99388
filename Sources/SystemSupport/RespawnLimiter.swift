import Glibc
/// Keeps a program that exits at once (a screen on a missing tty, an X server that cannot start) from being restarted
/// in a tight loop, as init's "respawning too fast": after `burst` starts within `window`, the next start waits
/// `pause`. Time is a parameter.
public struct RespawnLimiter: Equatable, Sendable {
    public var burst = 5
    public var window: Duration = .seconds(30)
    public var pause: Duration = .seconds(60)
    private var starts: [Duration] = []

    public init(burst: Int = 5, window: Duration = .seconds(30), pause: Duration = .seconds(60)) {
        self.burst = burst
        self.window = window
        self.pause = pause
    }

    /// When a start wanted at `now` may happen.
    public func nextStart(wantedAt now: Duration) -> Duration {
        starts.filter { now - $0 < window }.count >= burst ? now + pause : now
    }

    public mutating func recordStart(at now: Duration) {
        starts.append(now)
        if starts.count > burst { starts.removeFirst(starts.count - burst) }
    }
}
