import Glibc

/// A point on the monotonic clock, so a retry loop stays bounded whatever happens to the wall clock while a thin
/// client sets its time.
public struct Deadline {
    private let end: UInt64

    public init(secondsFromNow seconds: Int) {
        self.end = Self.nowMilliseconds() + UInt64(max(seconds, 0)) * 1000
    }

    public var remainingMilliseconds: Int {
        let now = Self.nowMilliseconds()
        return now >= self.end ? 0 : Int(self.end - now)
    }

    public var hasPassed: Bool { self.remainingMilliseconds == 0 }

    /// Sleeps `milliseconds`, but not past the deadline.
    public func sleep(milliseconds: Int) {
        let duration = min(milliseconds, self.remainingMilliseconds)
        guard duration > 0 else { return }
        var request = timespec(tv_sec: duration / 1000, tv_nsec: (duration % 1000) * 1_000_000)
        var left = timespec()
        while nanosleep(&request, &left) != 0 && errno == EINTR { request = left }
    }

    static func nowMilliseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
    }
}
