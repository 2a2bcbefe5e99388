import NIOCore

/// Per-source token buckets for new requests.
///
/// A TFTP reflection amplifies a ~20-byte request into a whole file, so each source IP may start only `burst`
/// requests at once and `refillPerSecond` more each second. Pure: the clock arrives as a parameter.
struct TFTPRateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: NIODeadline
    }

    let burst: Double
    let refillPerSecond: Double
    /// Above this many tracked sources, full buckets are dropped so memory stays bounded.
    let maxTrackedSources: Int
    private var buckets: [String: Bucket] = [:]

    init(burst: Int, refillPerSecond: Double, maxTrackedSources: Int = 65536) {
        self.burst = Double(max(burst, 1))
        self.refillPerSecond = max(refillPerSecond, 0)
        self.maxTrackedSources = max(maxTrackedSources, 1)
    }

    var trackedSources: Int { self.buckets.count }

    /// Takes one token for `source` (an IP address without port) if there is one.
    mutating func allow(_ source: String, now: NIODeadline) -> Bool {
        var bucket = self.buckets[source] ?? Bucket(tokens: self.burst, updated: now)
        bucket.tokens = self.refilled(bucket, now: now)
        bucket.updated = now
        let allowed = bucket.tokens >= 1
        if allowed {
            bucket.tokens -= 1
        }
        if self.buckets[source] == nil, self.buckets.count >= self.maxTrackedSources {
            self.dropFullBuckets(now: now)
        }
        if self.buckets[source] != nil || self.buckets.count < self.maxTrackedSources {
            self.buckets[source] = bucket
        }
        return allowed
    }

    private func refilled(_ bucket: Bucket, now: NIODeadline) -> Double {
        let elapsed = now > bucket.updated ? Double((now - bucket.updated).nanoseconds) / 1e9 : 0
        return min(self.burst, bucket.tokens + elapsed * self.refillPerSecond)
    }

    private mutating func dropFullBuckets(now: NIODeadline) {
        self.buckets = self.buckets.filter { self.refilled($0.value, now: now) < self.burst }
    }
}
