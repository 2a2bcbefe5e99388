import LDMInfoWire
import Testing

@testable import LDM

struct ServerChoiceTests {
    func answered(_ server: String, rating: Int?) -> ServerReport {
        ServerReport(server: server, reach: .answered(LDMInfo(rating: rating)))
    }

    @Test func bestRatingFirstThenServersWithoutInfoThenNoUnreachable() {
        let choice = ServerChoice([
            ServerReport(server: "a", reach: .unreachable("timed out")),
            answered("b", rating: 40),
            ServerReport(server: "c", reach: .noInfoService),
            answered("d", rating: 85),
            answered("e", rating: nil),
        ])
        #expect(choice.servers.map(\.server) == ["d", "b", "e", "c"])
        #expect(choice.preselected?.server == "d")
    }

    @Test func equalRatingsKeepLDMServerOrder() {
        let choice = ServerChoice([answered("x", rating: 50), answered("y", rating: 50)])
        #expect(choice.servers.map(\.server) == ["x", "y"])
    }

    @Test func whenNothingAnswersEveryServerStays() {
        let choice = ServerChoice([
            ServerReport(server: "a", reach: .unreachable("t")),
            ServerReport(server: "b", reach: .unreachable("t")),
        ])
        #expect(choice.servers.map(\.server) == ["a", "b"])
        #expect(choice.server(after: "a") == "b")
        #expect(choice.server(after: "b") == "a")
        #expect(ServerChoice([answered("only", rating: 1)]).server(after: "only") == nil)
    }

    @Test func labels() {
        #expect(answered("10.0.0.1", rating: 73).label == "10.0.0.1 (load rating 73)")
        #expect(ServerReport(server: "s", reach: .noInfoService).label == "s")
    }
}
