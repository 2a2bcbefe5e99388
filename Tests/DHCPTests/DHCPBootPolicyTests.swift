import DHCP
import Testing

@Suite struct DHCPBootPolicyTests {
    static let policy = DHCPBootPolicy(files: DHCPBootFiles(), serverAddress: ip("192.168.67.1"))

    struct Row: Sendable, CustomTestStringConvertible {
        var vendorClass: String?
        var architecture: UInt16?
        var userClass: [UInt8]?
        var option175: Bool = false
        var firmware: DHCPClientFirmware
        var file: String?
        var echo: String?
        var testDescription: String {
            "\(vendorClass ?? "-") arch \(architecture.map(String.init) ?? "-") → \(firmware)"
        }
    }

    static let table: [Row] = [
        Row(
            vendorClass: "PXEClient:Arch:00000:UNDI:002001", architecture: 0, firmware: .biosPXE, file: "lpxelinux.0",
            echo: "PXEClient"),
        Row(
            vendorClass: "PXEClient:Arch:00000:UNDI:002001", firmware: .biosPXE, file: "lpxelinux.0",
            echo: "PXEClient"),
        Row(vendorClass: "PXEClient", firmware: .biosPXE, file: "lpxelinux.0", echo: "PXEClient"),
        Row(
            vendorClass: "PXEClient:Arch:00006:UNDI:003016", architecture: 6, firmware: .uefi32,
            file: "ipxe-i386.efi", echo: "PXEClient"),
        Row(
            vendorClass: "PXEClient:Arch:00007:UNDI:003016", architecture: 7, firmware: .uefi64, file: "ipxe.efi",
            echo: "PXEClient"),
        Row(
            vendorClass: "PXEClient:Arch:00009:UNDI:003016", architecture: 9, firmware: .uefi64, file: "ipxe.efi",
            echo: "PXEClient"),
        Row(
            vendorClass: "PXEClient:Arch:00011:UNDI:003000", architecture: 11, firmware: .uefiARM64,
            file: "ipxe-arm64.efi", echo: "PXEClient"),
        Row(
            vendorClass: "HTTPClient:Arch:00016:UNDI:003001", architecture: 16, firmware: .uefiHTTP64,
            file: "http://192.168.67.1/ipxe.efi", echo: "HTTPClient"),
        Row(
            vendorClass: "HTTPClient:Arch:00019:UNDI:003001", architecture: 19, firmware: .uefiHTTPARM64,
            file: "http://192.168.67.1/ipxe-arm64.efi", echo: "HTTPClient"),
        Row(
            vendorClass: "HTTPClient:Arch:00016:UNDI:003001", firmware: .uefiHTTP64,
            file: "http://192.168.67.1/ipxe.efi", echo: "HTTPClient"),
        Row(
            vendorClass: "PXEClient:Arch:00010:UNDI:003000", architecture: 10,
            firmware: .unsupportedPXE(architecture: 10), file: nil, echo: "PXEClient"),
        Row(
            vendorClass: "PXEClient:Arch:00000:UNDI:002001", architecture: 0, userClass: Array("iPXE".utf8),
            firmware: .iPXE, file: "KIWI/boot.ipxe", echo: "PXEClient"),
        Row(
            vendorClass: "PXEClient:Arch:00007:UNDI:003016", architecture: 7, userClass: [4] + Array("iPXE".utf8),
            firmware: .iPXE, file: "KIWI/boot.ipxe", echo: "PXEClient"),
        Row(
            vendorClass: "PXEClient:Arch:00000:UNDI:002001", architecture: 0, option175: true, firmware: .iPXE,
            file: "KIWI/boot.ipxe", echo: "PXEClient"),
        Row(vendorClass: "udhcp 1.35.0", firmware: .other, file: nil, echo: nil),
        Row(vendorClass: nil, firmware: .other, file: nil, echo: nil),
    ]

    @Test(arguments: table)
    func answers(row: Row) {
        var options = DHCPOptions()
        options.setText(.vendorClass, row.vendorClass)
        if let architecture = row.architecture {
            options[.clientArchitecture] = [UInt8(architecture >> 8), UInt8(architecture & 0xFF)]
        }
        options[.userClass] = row.userClass
        if row.option175 { options[.iPXEEncapsulated] = [0xB1, 0x05, 0x01, 0x80, 0x86, 0x10, 0x0E] }
        let answer = Self.policy.answer(for: options)
        #expect(answer.firmware == row.firmware)
        #expect(answer.bootFile == row.file)
        #expect(answer.vendorClass == row.echo)
    }

    @Test func echoesClientUUID() {
        var options = DHCPOptions()
        options.setText(.vendorClass, "PXEClient:Arch:00000:UNDI:002001")
        let uuid: [UInt8] = [0] + (1...16).map { UInt8($0) }
        options[.clientMachineIdentifier] = uuid
        #expect(Self.policy.answer(for: options).clientMachineIdentifier == uuid)
    }

    @Test func usesConfiguredFilesAndHTTPBase() {
        let files = DHCPBootFiles(bios: "pxelinux.0", httpUEFI64: "/boot/x64.efi", httpBaseURL: "http://boot.lan:8080")
        let policy = DHCPBootPolicy(files: files, serverAddress: ip("10.0.0.1"))
        var options = DHCPOptions()
        options[.clientArchitecture] = [0, 0]
        #expect(policy.answer(for: options).bootFile == "pxelinux.0")
        options[.clientArchitecture] = [0, 16]
        #expect(policy.answer(for: options).bootFile == "http://boot.lan:8080/boot/x64.efi")
    }

    /// IPXE_SCRIPT=none: an iPXE ROM gets the boot file of the firmware it runs on, like any PXE client.
    @Test func withoutAnIPXEScriptIPXEIsAnsweredLikeItsFirmware() {
        let policy = DHCPBootPolicy(files: DHCPBootFiles(ipxeScript: nil), serverAddress: ip("192.168.67.1"))
        var options = DHCPOptions()
        options.setText(.vendorClass, "PXEClient:Arch:00000:UNDI:002001")
        options[.userClass] = Array("iPXE".utf8)
        options[.clientArchitecture] = [0, 0]
        #expect(policy.answer(for: options).bootFile == "lpxelinux.0")
        #expect(policy.answer(for: options).firmware == .biosPXE)
        options[.clientArchitecture] = [0, 7]
        #expect(policy.answer(for: options).bootFile == "ipxe.efi")
    }
}
