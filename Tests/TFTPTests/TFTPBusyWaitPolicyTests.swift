import Testing

@testable import TFTP

struct TFTPBusyWaitPolicyTests {
    @Test func pollsOnlyWhileACPUStaysFree() {
        func firstDecision(running: Int, processors: Int) -> Bool {
            var policy = TFTPBusyWaitPolicy()
            return policy.shouldPoll(runningTransfers: running, processors: processors)
        }
        #expect(firstDecision(running: 1, processors: 2))
        #expect(!firstDecision(running: 2, processors: 2))
        #expect(!firstDecision(running: 50, processors: 2))
        #expect(firstDecision(running: 7, processors: 8))
        #expect(!firstDecision(running: 8, processors: 8))
        // One CPU: polling would take it from everything else, the client included when it is local.
        #expect(!firstDecision(running: 1, processors: 1))
    }

    @Test func aClientThatAnswersQuicklyKeepsBeingPolledFor() {
        var policy = TFTPBusyWaitPolicy()
        var polled = 0
        for _ in 0..<1000 where policy.shouldPoll(runningTransfers: 1, processors: 2) {
            polled += 1
            policy.record(caughtDatagram: true)
        }
        #expect(polled == 1000)
    }

    @Test func aSlowClientIsWaitedForAsleepAfterFourMisses() {
        var policy = TFTPBusyWaitPolicy()
        var decisions: [Bool] = []
        for _ in 0..<6 {
            let poll = policy.shouldPoll(runningTransfers: 1, processors: 2)
            decisions.append(poll)
            if poll { policy.record(caughtDatagram: false) }
        }
        #expect(decisions == [true, true, true, true, false, false])
    }

    @Test func aMissBetweenCatchesDoesNotStopPolling() {
        var policy = TFTPBusyWaitPolicy()
        var decisions: [Bool] = []
        for index in 0..<100 {
            decisions.append(policy.shouldPoll(runningTransfers: 1, processors: 2))
            policy.record(caughtDatagram: index % 4 != 0)  // three catches for every miss
        }
        #expect(decisions == Array(repeating: true, count: 100))
    }

    @Test func aSlowClientIsTriedAgainEvery256Waits() {
        var policy = TFTPBusyWaitPolicy()
        var polledAt: [Int] = []
        for wait in 1...600 where policy.shouldPoll(runningTransfers: 1, processors: 2) {
            polledAt.append(wait)
            policy.record(caughtDatagram: false)
        }
        // Four misses, then asleep until wait 256 and again at 512, each time four more tries.
        #expect(polledAt == [1, 2, 3, 4, 256, 257, 258, 259, 512, 513, 514, 515])
        // What a distant client costs: at most 4 budgets of polling in every 256 blocks.
        #expect(Double(polledAt.count) / 600 < 0.021)
    }
}
