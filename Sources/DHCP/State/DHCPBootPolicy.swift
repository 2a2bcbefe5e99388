import NetworkValues

/// The one table that maps a boot request to its boot file: packet options in, answer out, no I/O.
///
/// Order matters: iPXE is recognised first (user class `iPXE` or option 175) so that the firmware → iPXE → script chain
/// never loops back to the iPXE binary; then the RFC 4578 §2.1 architecture from option 93, or from the `Arch:` field
/// of option 60 when option 93 is missing.
public struct DHCPBootPolicy: Hashable, Sendable {
    public var files: DHCPBootFiles
    public var serverAddress: IPv4Address

    public init(files: DHCPBootFiles, serverAddress: IPv4Address) {
        self.files = files
        self.serverAddress = serverAddress
    }

    public func answer(for options: DHCPOptions) -> DHCPBootAnswer {
        let vendorClass = options.vendorClass ?? ""
        let isPXEClient = vendorClass.hasPrefix("PXEClient")
        let isHTTPClient = vendorClass.hasPrefix("HTTPClient")
        let uuid = options[.clientMachineIdentifier]
        let echoedClass: String? = isHTTPClient ? "HTTPClient" : (isPXEClient ? "PXEClient" : nil)

        if let script = files.ipxeScript, options.userClasses.contains("iPXE") || options[.iPXEEncapsulated] != nil {
            return DHCPBootAnswer(
                firmware: .iPXE, bootFile: script, vendorClass: echoedClass, clientMachineIdentifier: uuid)
        }
        guard let architecture = options.clientArchitectures.first ?? Self.architecture(inVendorClass: vendorClass)
        else {
            // A PXE client that names no architecture is a BIOS ROM from before RFC 4578.
            let firmware: DHCPClientFirmware = isPXEClient ? .biosPXE : .other
            return DHCPBootAnswer(
                firmware: firmware, bootFile: isPXEClient ? files.bios : nil, vendorClass: echoedClass,
                clientMachineIdentifier: uuid)
        }
        let firmware: DHCPClientFirmware
        let file: String?
        switch architecture {
        case 0: (firmware, file) = (.biosPXE, files.bios)
        case 6: (firmware, file) = (.uefi32, files.uefi32)
        case 7, 9: (firmware, file) = (.uefi64, files.uefi64)
        case 11: (firmware, file) = (.uefiARM64, files.arm64)
        case 16: (firmware, file) = (.uefiHTTP64, httpURL(files.httpUEFI64))
        case 19: (firmware, file) = (.uefiHTTPARM64, httpURL(files.httpARM64))
        default: (firmware, file) = (.unsupportedPXE(architecture: architecture), nil)
        }
        // UEFI HTTP boot must see `HTTPClient` echoed even if it only sent option 93 (UEFI 2.x §24.7.2).
        let isHTTP = firmware == .uefiHTTP64 || firmware == .uefiHTTPARM64
        return DHCPBootAnswer(
            firmware: firmware, bootFile: file, vendorClass: isHTTP ? "HTTPClient" : (echoedClass ?? "PXEClient"),
            clientMachineIdentifier: uuid)
    }

    private func httpURL(_ path: String) -> String? {
        guard files.httpBoot else { return nil }
        var base = files.httpBaseURL ?? "http://\(serverAddress)/"
        if !base.hasSuffix("/") { base += "/" }
        return base + (path.hasPrefix("/") ? String(path.dropFirst()) : path)
    }

    /// PXE 2.1 §2.2: `PXEClient:Arch:xxxxx:UNDI:yyyzzz` carries the architecture as five decimal digits.
    static func architecture(inVendorClass text: String) -> UInt16? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let index = fields.firstIndex(of: "Arch"), index + 1 < fields.count else { return nil }
        return UInt16(fields[index + 1])
    }
}
