import LTSPConfig
import NetworkValues
import Testing
import ThinClient

/// The printer settings of lts.conf (LTSP 5's jetpipe names and defaults).
struct PrinterDefinitionTests {
    static func printers(_ settings: [String: String]) -> ([PrinterDefinition], [String]) {
        PrinterDefinition.all { settings[$0] }
    }

    @Test func defaultsPortsAndSerialSettings() {
        let (printers, problems) = Self.printers([
            "PRINTER_0_DEVICE": "/dev/ttyS1", "PRINTER_0_SPEED": "19200", "PRINTER_0_DATABITS": "7",
            "PRINTER_0_PARITY": "E", "PRINTER_0_FLOWCTRL": "H",
            "PRINTER_2_DEVICE": "/dev/usb/lp0", "PRINTER_2_PORT": "9200",
        ])
        #expect(problems.isEmpty)
        #expect(printers.map(\.index) == [0, 2])
        #expect(printers[0].port == 9100 && printers[1].port == 9200)
        var serial = SerialSettings()
        serial.speed = 19200
        serial.dataBits = 7
        serial.parity = .even
        serial.flowControl = .hardware
        #expect(printers[0].serial == serial)
        #expect(printers[1].serial == SerialSettings(), "9600 8N1 XON/XOFF")
        #expect(SerialSettings().speed == 9600 && SerialSettings().flowControl == .software)
    }

    @Test(arguments: [
        ("PRINTER_0_DEVICE", "lp0"), ("PRINTER_0_DEVICE", "/dev/../etc/passwd"), ("PRINTER_0_DEVICE", "/etc/passwd"),
        ("PRINTER_0_PORT", "0"), ("PRINTER_0_PORT", "65536"), ("PRINTER_0_PORT", "ipp"), ("PRINTER_0_SPEED", "9601"),
        ("PRINTER_0_DATABITS", "9"), ("PRINTER_0_PARITY", "mark"),
    ])
    func aWrongSettingLeavesThatPrinterOutAndSaysWhy(name: String, value: String) {
        var settings = ["PRINTER_0_DEVICE": "/dev/lp0", "PRINTER_1_DEVICE": "/dev/ttyS0"]
        settings[name] = value
        let (printers, problems) = Self.printers(settings)
        #expect(printers.map(\.index) == [1], "the other printer stays")
        #expect(problems.count == 1 && problems[0].hasPrefix("\(name)=\(value): expected"), "\(problems)")
    }

    @Test func twoPrintersOnOnePortAreBothLeftOut() {
        let (printers, problems) = Self.printers([
            "PRINTER_0_DEVICE": "/dev/lp0", "PRINTER_1_DEVICE": "/dev/lp1",
            "PRINTER_1_PORT": "9100",
        ])
        #expect(printers.isEmpty)
        #expect(problems.first?.contains("two printers on one port") == true)
    }

    @Test func onlyTheLoginAndBootServersMayPrint() {
        let settings = ["LDM_SERVER": "10.0.0.2 10.0.0.3,app-server", "SERVER": "10.0.0.4"]
        let (servers, unusable) = LoginServers.addresses({ settings[$0] }, bootServer: IPv4Address("10.0.0.1"))
        #expect(servers == Set(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"].compactMap(IPv4Address.init)))
        #expect(unusable == ["app-server"])
    }
}
