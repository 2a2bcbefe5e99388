/// The boot part of a reply: which file, and which options the client expects echoed.
public struct DHCPBootAnswer: Hashable, Sendable {
    public var firmware: DHCPClientFirmware
    /// The TFTP path or HTTP URL; `nil` when the client gets no boot file.
    public var bootFile: String?
    /// Option 60 to send back: `PXEClient` or `HTTPClient` (PXE 2.1 §2.2, UEFI 2.x §24.7.2).
    public var vendorClass: String?
    /// Option 97 exactly as the client sent it (RFC 4578 §2.3).
    public var clientMachineIdentifier: [UInt8]?

    public init(
        firmware: DHCPClientFirmware, bootFile: String?, vendorClass: String?, clientMachineIdentifier: [UInt8]?
    ) {
        self.firmware = firmware
        self.bootFile = bootFile
        self.vendorClass = vendorClass
        self.clientMachineIdentifier = clientMachineIdentifier
    }
}
