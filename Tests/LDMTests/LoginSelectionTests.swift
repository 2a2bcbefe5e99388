import GreeterProtocol
import LDMInfoWire
import Testing

@testable import LDM

struct LoginSelectionTests {
    let info = LDMInfo(
        languages: ["de_DE.UTF-8", "en_US.UTF-8"],
        sessions: [
            LDMSession(name: "Xfce Session", command: "startxfce4"),
            LDMSession(name: nil, command: "/usr/bin/xterm"),
        ],
        xsession: "/etc/X11/Xsession", rating: 80)

    func selection(_ variables: [String: String] = [:]) -> LoginSelection {
        let settings = LDMSettings(variables: variables, screen: "07", hostname: "pc07", bootServer: "10.0.0.1")
        let choice = ServerChoice([
            ServerReport(server: "10.0.0.1", reach: .answered(info)),
            ServerReport(server: "10.0.0.2", reach: .noInfoService),
        ])
        return LoginSelection(choice: choice, settings: settings)
    }

    @Test func greeterGetsTheMenusAndThePreselection() {
        #expect(
            selection().greeterRequests == [
                .choice(.host, GreeterMenuItem(value: "10.0.0.1", label: "10.0.0.1 (load rating 80)")),
                .choice(.host, GreeterMenuItem(value: "10.0.0.2", label: "10.0.0.2")),
                .select(.host, "10.0.0.1"),
                .choice(.session, GreeterMenuItem(value: "default", label: "Default")),
                .choice(.session, GreeterMenuItem(value: "startxfce4", label: "Xfce Session")),
                .choice(.session, GreeterMenuItem(value: "/usr/bin/xterm", label: "/usr/bin/xterm")),
                .select(.session, "default"),
                .choice(.language, GreeterMenuItem(value: "default", label: "Default")),
                .choice(.language, GreeterMenuItem(value: "de_DE.UTF-8", label: "de_DE.UTF-8")),
                .choice(.language, GreeterMenuItem(value: "en_US.UTF-8", label: "en_US.UTF-8")),
                .select(.language, "default"),
            ])
    }

    @Test func sessionAndLanguageFromPicksThenLTSConfThenTheServer() {
        var picked = selection(["LDM_SESSION": "/usr/bin/xterm"])
        #expect(picked.session == "/usr/bin/xterm")
        #expect(picked.language == "de_DE.UTF-8")
        #expect(picked.greeterRequests.contains(.select(.session, "/usr/bin/xterm")))
        picked.select(.session, "startxfce4")
        picked.select(.language, "en_US.UTF-8")
        #expect(picked.session == "startxfce4" && picked.language == "en_US.UTF-8")
        picked.select(.session, "default")
        #expect(picked.session == "/usr/bin/xterm")
        #expect(selection().session == "default")
        #expect(picked.xsession == "/etc/X11/Xsession")
        #expect(selection(["LDM_XSESSION": "/opt/Xsession"]).xsession == "/opt/Xsession")
    }

    @Test func forcedValuesWinAndHideTheirMenus() {
        var forced = selection(["LDM_FORCE_SESSION": "/usr/bin/xterm", "LDM_FORCE_LANGUAGE": "fr_FR.UTF-8"])
        forced.select(.session, "startxfce4")
        #expect(forced.session == "/usr/bin/xterm" && forced.language == "fr_FR.UTF-8")
        #expect(!forced.greeterRequests.contains { if case .choice(.session, _) = $0 { true } else { false } })
    }

    @Test func hostPicksAreChecked() {
        var picked = selection()
        picked.select(.host, "10.0.0.2")
        #expect(picked.host == "10.0.0.2")
        picked.select(.host, "10.6.6.6")
        #expect(picked.host == "10.0.0.2")
    }

    @Test func autologinServer() {
        #expect(selection().autoServer == "10.0.0.1")
        #expect(selection(["LDM_GUEST_SERVER": "10.0.0.9"]).autoServer == "10.0.0.9")
        var picked = selection(["LDM_GUEST_SERVER": "10.0.0.9 10.0.0.2"])
        picked.select(.host, "10.0.0.2")
        #expect(picked.autoServer == "10.0.0.2")
    }
}
