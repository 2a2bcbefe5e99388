import Glibc

/// One printer of lts.conf: `PRINTER_N_DEVICE` (N = 0, 1, 2) served as a raw socket on `PRINTER_N_PORT`
/// (9100 + N), with line settings when the device is a serial port (LTSP 5's jetpipe).
public struct PrinterDefinition: Equatable, Sendable {
    public static let indices = 0...2

    public var index: Int
    public var device: String
    public var port: Int
    public var serial: SerialSettings

    public init(index: Int, device: String, port: Int? = nil, serial: SerialSettings = SerialSettings()) {
        self.index = index
        self.device = device
        self.port = port ?? 9100 + index
        self.serial = serial
    }

    /// The printers `value(NAME)` configures, and one message per printer left out for a wrong setting.
    public static func all(_ value: (String) -> String?) -> (printers: [PrinterDefinition], problems: [String]) {
        var printers: [PrinterDefinition] = []
        var problems: [String] = []
        for index in indices {
            guard let device = value("PRINTER_\(index)_DEVICE"), !device.isEmpty else { continue }
            do {
                printers.append(try definition(index, device: device, value))
            } catch {
                problems.append(error.description)
            }
        }
        let ports = printers.map { $0.port }
        if Set(ports).count != ports.count {
            problems.append(
                "PRINTER_N_PORT: two printers on one port (\(ports.map(String.init).joined(separator: ", "))); printers left out"
            )
            return ([], problems)
        }
        return (printers, problems)
    }

    private static func definition(_ index: Int, device: String, _ value: (String) -> String?)
        throws(PrinterSettingError)
        -> PrinterDefinition
    {
        let name = "PRINTER_\(index)_DEVICE"
        guard device.hasPrefix("/dev/"), !device.split(separator: "/").contains(".."), !device.contains("\0") else {
            throw PrinterSettingError(name: name, value: device, expected: "a device under /dev")
        }
        var port: Int?
        if let text = value("PRINTER_\(index)_PORT") {
            guard let number = Int(text), (1...65535).contains(number) else {
                throw PrinterSettingError(name: "PRINTER_\(index)_PORT", value: text, expected: "a TCP port, 1-65535")
            }
            port = number
        }
        return PrinterDefinition(
            index: index, device: device, port: port,
            serial: try SerialSettings(index: index, value: value))
    }
}
