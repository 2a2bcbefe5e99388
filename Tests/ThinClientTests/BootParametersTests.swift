import NetworkValues
import Testing
import ThinClient

struct BootParametersTests {
    @Test(arguments: [
        ("BOOTIF=01-52-54-00-12-34-56", "52:54:00:12:34:56"),
        ("BOOTIF=01-52-54-00-AB-CD-EF", "52:54:00:ab:cd:ef"),
        ("BOOTIF=52:54:00:12:34:56", "52:54:00:12:34:56"),
        ("BOOTIF=52-54-00-12-34-56", "52:54:00:12:34:56"),
        ("BOOTIF=01:52:54:00:12:34:56", "52:54:00:12:34:56"),
    ])
    func bootInterfaceForms(word: String, mac: String) {
        #expect(BootParameters("quiet \(word) ro").bootInterfaceMAC == mac)
    }

    @Test(arguments: [
        "BOOTIF=", "BOOTIF=01-52-54-00-12-34", "BOOTIF=02-52-54-00-12-34-56-78",
        "BOOTIF=zz-54-00-12-34-56", "BOOTIF=ff:ff:ff:ff:ff:ff",
    ])
    func malformedBootInterfaceIsIgnored(word: String) {
        #expect(BootParameters(word).bootInterfaceMAC == nil)
    }

    @Test func serverAndLTSConfPath() {
        let parameters = BootParameters("initrd=initrd-ltsp ltsp.server=192.168.67.1 ltsp.ltsconf=lab/lts.conf quiet")
        #expect(parameters.server == IPv4Address("192.168.67.1"))
        #expect(parameters.invalidServer == nil)
        #expect(parameters.ltsConfPath == "lab/lts.conf")
    }

    @Test func missingServerKeepsTheDefaultPath() {
        let parameters = BootParameters("root=/dev/nbd0 quiet")
        #expect(parameters.server == nil)
        #expect(parameters.invalidServer == nil)
        #expect(parameters.ltsConfPath == "KIWI/lts.conf")
    }

    @Test func serverThatIsNotAnAddressIsReported() {
        let parameters = BootParameters("ltsp.server=server.lab")
        #expect(parameters.server == nil)
        #expect(parameters.invalidServer == "server.lab")
    }

    @Test func lastConsoleIsTheKernelConsole() {
        #expect(BootParameters("console=tty0 console=ttyS0,115200n8").hasSerialConsole)
        #expect(BootParameters("console=ttyS0,115200n8 console=tty0").hasSerialConsole == false)
        #expect(BootParameters("console=/dev/ttyS1").console == "ttyS1")
        #expect(BootParameters("quiet").hasSerialConsole == false)
    }

    @Test func hostnameFromTheIPParameter() {
        #expect(
            BootParameters("ip=192.168.67.20:192.168.67.1:192.168.67.1:255.255.255.0:pc20:eth0:off").hostname
                == "pc20")
        #expect(BootParameters("ip=dhcp").hostname == nil)
        #expect(BootParameters("ip=::::::dhcp").hostname == nil)
    }

    @Test func quotedOverrideKeepsItsSpacesAndWins() throws {
        let line = #"ltsp.server=10.0.0.1 ltsp.SCREEN_02="shell -x" ltsp.sound=N"#
        let resolution = try LTSConfText.defaults(["SOUND": "Y"])
        let resolved = resolution.applyingKernelCommandLine(BootParameters(line).text)
        #expect(resolved.value("SCREEN_02") == "shell -x")
        #expect(resolved.value("SOUND") == "N")
        #expect(resolved.value("SERVER") == "10.0.0.1")
    }
}
