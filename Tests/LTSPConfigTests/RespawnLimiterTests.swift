import SystemSupport
import Testing

struct RespawnLimiterTests {
    @Test func burstThenPauseThenAgain() {
        var limiter = RespawnLimiter()
        for second in 0..<5 {
            let now = Duration.seconds(second)
            #expect(limiter.nextStart(wantedAt: now) == now)
            limiter.recordStart(at: now)
        }
        #expect(limiter.nextStart(wantedAt: .seconds(5)) == .seconds(65))
        limiter.recordStart(at: .seconds(65))
        #expect(limiter.nextStart(wantedAt: .seconds(66)) == .seconds(66))
    }

    @Test func screenThatRunsForAWhileIsRestartedAtOnce() {
        var limiter = RespawnLimiter()
        for minute in 0..<20 {
            let now = Duration.seconds(minute * 60)
            #expect(limiter.nextStart(wantedAt: now) == now)
            limiter.recordStart(at: now)
        }
    }
}
