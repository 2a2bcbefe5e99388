/// A serial printer's line settings (`PRINTER_N_SPEED`, `_DATABITS`, `_PARITY`, `_FLOWCTRL`), LTSP 5's jetpipe
/// defaults: 9600 baud, 8 data bits, no parity, XON/XOFF.
public struct SerialSettings: Equatable, Sendable {
    public enum Parity: String, Sendable { case none, even, odd }
    public enum FlowControl: String, Sendable {
        /// XON/XOFF (`S`, `soft`).
        case software
        /// RTS/CTS (`H`, `hard`; LTSP 5: anything but soft).
        case hardware
    }

    public static let speeds: Set<Int> = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400]

    public var speed = 9600
    public var dataBits = 8
    public var parity = Parity.none
    public var flowControl = FlowControl.software

    public init() {}

    /// The settings of printer `index` from `value(NAME)`; an error names the variable and the value.
    public init(index: Int, value: (String) -> String?) throws(PrinterSettingError) {
        let prefix = "PRINTER_\(index)_"
        if let text = value(prefix + "SPEED") {
            guard let speed = Int(text), Self.speeds.contains(speed) else {
                throw PrinterSettingError(
                    name: prefix + "SPEED", value: text,
                    expected: Self.speeds.sorted().map(String.init).joined(separator: ", "))
            }
            self.speed = speed
        }
        if let text = value(prefix + "DATABITS") {
            guard let bits = Int(text), (5...8).contains(bits) else {
                throw PrinterSettingError(name: prefix + "DATABITS", value: text, expected: "5, 6, 7 or 8")
            }
            self.dataBits = bits
        }
        if let text = value(prefix + "PARITY") {
            switch text.lowercased() {
            case "n", "none": parity = .none
            case "e", "even": parity = .even
            case "o", "odd": parity = .odd
            default: throw PrinterSettingError(name: prefix + "PARITY", value: text, expected: "none, even or odd")
            }
        }
        if let text = value(prefix + "FLOWCTRL") {
            flowControl =
                ["s", "soft", "software", "xon", "xonxoff"].contains(text.lowercased()) ? .software : .hardware
        }
    }
}

/// A printer setting in lts.conf that cannot be used.
public struct PrinterSettingError: Error, Equatable, CustomStringConvertible {
    public var name: String
    public var value: String
    public var expected: String

    public var description: String { "\(name)=\(value): expected \(expected); printer left out" }
}
