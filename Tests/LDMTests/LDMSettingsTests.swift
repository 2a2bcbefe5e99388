import Testing

@testable import LDM

struct LDMSettingsTests {
    func settings(
        _ variables: [String: String], screen: String = "07", hostname: String? = "pc07",
        bootServer: String? = "192.168.67.1"
    ) -> LDMSettings {
        LDMSettings(variables: variables, screen: screen, hostname: hostname, bootServer: bootServer)
    }

    @Test func defaultsAreLTSP5s() {
        let defaults = settings([:])
        #expect(defaults.servers == ["192.168.67.1"])
        #expect(!defaults.directX && !defaults.autologin && !defaults.guestLogin && !defaults.limitOneSession)
        #expect(defaults.loginTimeout == 0)
        #expect(defaults.autoUser == "pc07")
        #expect(defaults.autoPassword == "pc07")
        #expect(defaults.display == 7)
        #expect(defaults.sshPort == nil && defaults.sshOptions.isEmpty)
    }

    @Test func serversComeFromLDMServerThenServerThenTheBootServer() {
        #expect(
            settings(["LDM_SERVER": " 10.0.0.2  10.0.0.3 ", "SERVER": "10.0.0.9"]).servers == ["10.0.0.2", "10.0.0.3"])
        #expect(settings(["SERVER": "10.0.0.9"]).servers == ["10.0.0.9"])
        #expect(settings([:], bootServer: nil).servers.isEmpty)
    }

    @Test func everyVariable() {
        let all = settings([
            "LDM_DIRECTX": "True", "LDM_AUTOLOGIN": "y", "LDM_GUESTLOGIN": "YES", "LDM_LOGIN_TIMEOUT": "30",
            "LDM_USERNAME": "kiosk", "LDM_PASSWORD": "secret", "LDM_GUEST_SERVER": "10.0.0.5 10.0.0.6",
            "LDM_AUTOLOGIN_SERVER": "10.0.0.7", "LDM_SESSION": "/usr/bin/startxfce4", "LDM_LANGUAGE": "de_DE.UTF-8",
            "LDM_FORCE_SESSION": "/usr/bin/xterm", "LDM_FORCE_LANGUAGE": "fr_FR.UTF-8", "LDM_XSESSION": "/opt/Xs",
            "LDM_LIMIT_ONE_SESSION": "true", "LDM_SSHOPTIONS": "-o Compression=yes", "SSH_OVERRIDE_PORT": "2222",
            "X_COLOR_DEPTH": "16",
        ])
        #expect(all.directX && all.autologin && all.guestLogin && all.limitOneSession)
        #expect(all.loginTimeout == 30)
        #expect(all.autoUser == "kiosk" && all.autoPassword == "secret")
        #expect(all.autoServers == ["10.0.0.5", "10.0.0.6"])
        #expect(all.session == "/usr/bin/startxfce4" && all.forcedSession == "/usr/bin/xterm")
        #expect(all.language == "de_DE.UTF-8" && all.forcedLanguage == "fr_FR.UTF-8")
        #expect(all.xsession == "/opt/Xs")
        #expect(all.sshOptions == ["-o", "Compression=yes"])
        #expect(all.sshPort == 2222 && all.colorDepth == 16)
        #expect(settings(["LDM_AUTOLOGIN_SERVER": "10.0.0.7"]).autoServers == ["10.0.0.7"])
    }

    @Test func falseAndNonsenseValues() {
        let values = settings([
            "LDM_DIRECTX": "False", "LDM_AUTOLOGIN": "no", "LDM_LOGIN_TIMEOUT": "soon",
            "SSH_OVERRIDE_PORT": "99999", "X_COLOR_DEPTH": "13",
        ])
        #expect(!values.directX && !values.autologin)
        #expect(values.loginTimeout == 0 && values.sshPort == nil && values.colorDepth == nil)
    }

    @Test func perScreenValuesWin() {
        let screen = settings(
            [
                "LDM_USERNAME": "everyone", "SCREEN_07_LDM_USERNAME": "seven",
                "SCREEN_08_LDM_USERNAME": "eight",
            ], screen: "07")
        #expect(screen.autoUser == "seven")
    }

    @Test func hostToUsername() {
        #expect(settings(["HOST_TO_USERNAME": "pc/guest"]).autoUser == "guest07")
        #expect(settings(["HOST_TO_USERNAME": "pc/guest"]).autoPassword == "guest07")
        #expect(settings(["HOST_TO_USERNAME": "pc/guest", "LDM_USERNAME": "set"]).autoUser == "set")
        #expect(settings(["HOST_TO_USERNAME": "lab/guest"]).autoUser == "pc07")
        #expect(LDMSettings.mapHostToUser("pcx1", rule: "pc/guest") == nil)
        #expect(LDMSettings.mapHostToUser("pc1", rule: "no-slash") == nil)
    }
}
