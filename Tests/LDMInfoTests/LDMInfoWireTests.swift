import LDMInfoWire
import Testing

struct LDMInfoWireTests {
    @Test func replyLinesAsLTSP5Wrote_Them() {
        let info = LDMInfo(
            languages: ["de_DE.UTF-8", "en_US.UTF-8"],
            sessions: [
                LDMSession(name: "Xfce Session", command: "/usr/bin/startxfce4"),
                LDMSession(name: nil, command: "/usr/bin/xterm"),
            ],
            xsession: "/etc/X11/Xsession", rating: 73)
        #expect(
            info.text == """
                language:de_DE.UTF-8
                language:en_US.UTF-8
                session:/usr/bin/startxfce4
                session-with-name:Xfce Session:/usr/bin/startxfce4
                session:/usr/bin/xterm
                xsession:/etc/X11/Xsession
                rating:73

                """)
        #expect(LDMInfo(parsing: info.text) == info)
    }

    /// A reply from another server version: CRLF, unknown keys, junk, duplicates, an out-of-range rating.
    @Test func parsingIsLenient() {
        let info = LDMInfo(
            parsing: """
                language:en_GB.UTF-8\r
                language:en_GB.UTF-8
                session-with-name:GNOME:gnome-session --session=gnome:classic
                session:gnome-session --session=gnome:classic
                session:/usr/bin/icewm
                session-with-name::empty-name
                session-with-name:no-command:
                flavour:vanilla
                no colon here
                xsession:/etc/X11/Xsession
                xsession:/second
                rating:150
                rating:abc

                """)
        #expect(info.languages == ["en_GB.UTF-8"])
        #expect(
            info.sessions == [
                LDMSession(name: "GNOME", command: "gnome-session --session=gnome:classic"),
                LDMSession(name: nil, command: "/usr/bin/icewm"),
            ])
        #expect(info.xsession == "/etc/X11/Xsession")
        #expect(info.rating == nil)
        #expect(LDMInfo(parsing: "") == LDMInfo())
    }

    @Test func aLineBreakInAValueCannotAddALine() {
        let info = LDMInfo(sessions: [LDMSession(name: "Bad\nrating:100", command: "x")])
        #expect(LDMInfo(parsing: info.text).rating == nil)
    }

    @Test func ratingFormula() {
        let memory = "MemTotal:  1000 kB\nMemFree:  250 kB\nBuffers:  50 kB\nCached:  200 kB\n"
        // used = 1000 - 250 - 50 - 200 = 500 → 25; load15 1.6 → 50·1.6/8 = 10; 100 - 35 = 65.
        #expect(LDMRating.rating(loadAverage: "0.50 1.00 1.60 2/345 6789", memoryInfo: memory) == 65)
        #expect(LDMRating.rating(loadAverage: "9 9 40.0 1/1 1", memoryInfo: memory) == 0)
        #expect(LDMRating.rating(loadAverage: "0 0 0 1/1 1", memoryInfo: "MemTotal: 100 kB\nMemFree: 100 kB\n") == 100)
        #expect(LDMRating.rating(loadAverage: "garbage", memoryInfo: memory) == nil)
        #expect(LDMRating.rating(loadAverage: "0 0 0", memoryInfo: "MemFree: 1 kB\n") == nil)
    }
}
