import NetworkValues
import Testing

@testable import LTSPConfig

struct LTSConfResolverTests {
    static let labConf = """
        [default]
            SOUND = True
            LDM_DIRECTX = False
            SCREEN_07 = ldm
            TIMEZONE = Europe/Berlin
            LOCALDEV = True
        [00:11:22:33:44:55]
            LIKE = teacher
            HOSTNAME = front
        [teacher]
            LIKE = fast
            LDM_USERNAME = teacher
            LOCALDEV = NONE
        [fast]
            LDM_DIRECTX = True
            X_COLOR_DEPTH = 24
        [192.168.67.*]
            TIMEZONE = Europe/Paris
            LIKE = printers
        [printers]
            PRINTER_0_DEVICE = /dev/usb/lp0
        [00:11:22:*]
            SOUND = False
            X_COLOR_DEPTH = 16
        [Lab-PC-01]
            SCREEN_07_LDM_USERNAME = kiosk
            SCREEN_02 = shell
        """

    func resolve(_ identity: ClientIdentity, _ text: String = labConf) throws -> LTSConfResolution {
        let document = try LTSConfParser().parse(text, file: "lts.conf")
        return LTSConfResolver(document: document).resolve(for: identity)
    }

    func table(_ resolution: LTSConfResolution) -> [String: String] {
        resolution.variables.mapValues { "\($0.value) [\($0.section)]" }
    }

    @Test func exactMacHeadsTheChainWithTransitiveLikesThenGlobsThenDefault() throws {
        let resolution = try resolve(
            ClientIdentity(
                ipAddress: IPv4Address("192.168.67.20"),
                mac: "00:11:22:33:44:55"))
        #expect(
            resolution.chain == [
                "00:11:22:33:44:55", "teacher", "fast", "192.168.67.*", "printers",
                "00:11:22:*", "default",
            ])
        #expect(
            table(resolution) == [
                "HOSTNAME": "front [00:11:22:33:44:55]",
                "LDM_USERNAME": "teacher [teacher]",
                "LDM_DIRECTX": "True [fast]",
                "X_COLOR_DEPTH": "24 [fast]",
                "TIMEZONE": "Europe/Paris [192.168.67.*]",
                "PRINTER_0_DEVICE": "/dev/usb/lp0 [printers]",
                "SOUND": "False [00:11:22:*]",
                "SCREEN_07": "ldm [default]",
            ])
        #expect(resolution.value("LOCALDEV") == nil, "NONE removes the variable")
        #expect(resolution.value("LIKE") == nil, "LIKE is never output")
    }

    @Test(arguments: [
        (ClientIdentity(ipAddress: IPv4Address("192.168.67.31")), "Europe/Paris", "True"),
        (ClientIdentity(mac: "00:11:22:aa:bb:cc"), "Europe/Berlin", "False"),
        (ClientIdentity(mac: "00:11:23:aa:bb:cc"), "Europe/Berlin", "True"),
        (ClientIdentity(ipAddress: IPv4Address("10.0.0.1")), "Europe/Berlin", "True"),
    ])
    func globsMatchIPAndMAC(identity: ClientIdentity, timezone: String, sound: String) throws {
        let resolution = try resolve(identity)
        #expect(resolution.value("TIMEZONE") == timezone)
        #expect(resolution.value("SOUND") == sound)
    }

    @Test func sectionNamesMatchCaseInsensitively() throws {
        let byHost = try resolve(ClientIdentity(hostname: "lab-pc-01"))
        #expect(byHost.chain.first == "Lab-PC-01")
        let byMac = try resolve(ClientIdentity(mac: "00:11:22:33:44:55"))
        #expect(byMac.chain.first == "00:11:22:33:44:55")
        let upper = try resolve(
            ClientIdentity(mac: "00:11:22:33:44:55"), "[DEFAULT]\nA = 1\n[00:11:22:33:44:55]\nB = 2\n")
        #expect(upper.value("A") == "1")
        #expect(upper.value("B") == "2")
    }

    @Test func hostnameComesBeforeIPAndMAC() throws {
        let text = "[default]\nX = d\n[pc1]\nX = host\n[10.0.0.5]\nX = ip\n[aa:bb:cc:dd:ee:ff]\nX = mac\n"
        let all = ClientIdentity(hostname: "pc1", ipAddress: IPv4Address("10.0.0.5"), mac: "AA:BB:CC:DD:EE:FF")
        #expect(try resolve(all, text).value("X") == "host")
        #expect(
            try resolve(ClientIdentity(ipAddress: IPv4Address("10.0.0.5"), mac: "aa:bb:cc:dd:ee:ff"), text)
                .value("X") == "ip")
        #expect(try resolve(ClientIdentity(mac: "aa-bb-cc-dd-ee-ff"), text).value("X") == "mac")
    }

    @Test func likeCyclesEndAndMissingLikesAreNoted() throws {
        let text = "[default]\nA = 0\n[pc]\nLIKE = a\n[a]\nLIKE = b\nA = a\n[b]\nLIKE = a\nLIKE = nowhere\nB = b\n"
        let resolution = try resolve(ClientIdentity(hostname: "pc"), text)
        #expect(resolution.chain == ["pc", "a", "b", "default"])
        #expect(resolution.value("A") == "a")
        #expect(resolution.value("B") == "b")
        #expect(resolution.notes == ["lts.conf:10: LIKE = nowhere names no section"])
    }

    @Test func noneInAMoreSpecificSectionRemovesAndLaterSetBringsBack() throws {
        let text = "[default]\nA = 1\nB = 2\n[pc]\nA = none\nLIKE = g\n[g]\nB = NONE\n"
        let resolution = try resolve(ClientIdentity(hostname: "pc"), text)
        #expect(resolution.value("A") == nil)
        #expect(resolution.value("B") == nil)
    }

    @Test func perScreenKeys() throws {
        let resolution = try resolve(ClientIdentity(hostname: "lab-pc-01"))
        #expect(resolution.value("LDM_USERNAME") == nil)
        let screen7 = resolution.forScreen("07")
        #expect(screen7.variables["LDM_USERNAME"]?.value == "kiosk")
        #expect(screen7.variables["LDM_USERNAME"]?.section == "Lab-PC-01")
        #expect(resolution.forScreen("02").value("LDM_USERNAME") == nil)
        #expect(resolution.value("SCREEN_02") == "shell")
    }

    @Test func kernelCommandLineOverrides() throws {
        let resolution = try resolve(ClientIdentity(mac: "00:11:22:33:44:55"))
            .applyingKernelCommandLine(
                #"quiet ltsp.sound=true ltsp.TIMEZONE="America/New York" ltsp.hostname=none x=y"#)
        #expect(
            resolution.variables["SOUND"]
                == ResolvedVariable(
                    name: "SOUND", value: "true",
                    section: LTSConfResolution.kernelSection))
        #expect(resolution.value("TIMEZONE") == "America/New York")
        #expect(resolution.value("HOSTNAME") == nil)
    }

    @Test func builtInDefaults() throws {
        let resolution = try resolve(ClientIdentity(ipAddress: IPv4Address("192.168.67.42")), "[default]\nA = 1\n")
        #expect(resolution.variables["SCREEN_07"]?.section == LTSConfResolution.builtInSection)
        #expect(resolution.value("SCREEN_07") == "ldm")
        #expect(resolution.value("HOSTNAME") == "ltsp42")
        let withScreen = try resolve(
            ClientIdentity(ipAddress: IPv4Address("10.1.2.3")), "[default]\nSCREEN_02 = shell\n")
        #expect(withScreen.value("SCREEN_07") == nil)
    }

    @Test(arguments: [("y", true), ("YES", true), ("True", true), ("n", false), ("1", false), ("no", false)])
    func booleans(value: String, expected: Bool) throws {
        #expect(try resolve(ClientIdentity(hostname: "x"), "[default]\nB = \(value)\n").isTrue("B") == expected)
    }
}
