import NIOCore
import Testing

@testable import TFTP

struct TFTPRateLimiterTests {
    let t0 = NIODeadline.uptimeNanoseconds(5_000_000_000)

    @Test func burstThenRefill() {
        var limiter = TFTPRateLimiter(burst: 3, refillPerSecond: 2)
        var answers: [Bool] = []
        for _ in 0..<4 {
            answers.append(limiter.allow("10.0.0.1", now: self.t0))
        }
        // Another source has its own bucket.
        answers.append(limiter.allow("10.0.0.2", now: self.t0))
        answers.append(limiter.allow("10.0.0.1", now: self.t0 + .milliseconds(400)))
        answers.append(limiter.allow("10.0.0.1", now: self.t0 + .milliseconds(500)))
        answers.append(limiter.allow("10.0.0.1", now: self.t0 + .milliseconds(500)))
        #expect(answers == [true, true, true, false, true, false, true, false])
    }

    @Test func defaultLetsAThousandTransfersStartAtOnce() {
        let defaults = TFTPServerConfiguration.RateLimit()
        var limiter = TFTPRateLimiter(burst: defaults.burst, refillPerSecond: defaults.refillPerSecond)
        #expect((0..<1000).allSatisfy { _ in limiter.allow("127.0.0.1", now: self.t0) })
    }

    @Test func memoryStaysBounded() {
        var limiter = TFTPRateLimiter(burst: 1, refillPerSecond: 1, maxTrackedSources: 10)
        for index in 0..<100 {
            _ = limiter.allow("10.0.0.\(index)", now: self.t0 + .seconds(Int64(index)))
        }
        #expect(limiter.trackedSources <= 10)
    }
}
