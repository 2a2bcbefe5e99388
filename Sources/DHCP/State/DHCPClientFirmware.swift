/// What kind of boot client sent a request, read from options 60, 77, 93 and 175.
public enum DHCPClientFirmware: Hashable, Sendable, CustomStringConvertible {
    case biosPXE
    case uefi32
    case uefi64
    case uefiARM64
    case uefiHTTP64
    case uefiHTTPARM64
    case iPXE
    /// A PXE client with an architecture we have no file for (RFC 4578 §2.1 number).
    case unsupportedPXE(architecture: UInt16)
    /// Not a boot client (an operating system's DHCP client).
    case other

    public var description: String {
        switch self {
        case .biosPXE: return "BIOS PXE"
        case .uefi32: return "UEFI IA32"
        case .uefi64: return "UEFI x64"
        case .uefiARM64: return "UEFI ARM64"
        case .uefiHTTP64: return "UEFI HTTP x64"
        case .uefiHTTPARM64: return "UEFI HTTP ARM64"
        case .iPXE: return "iPXE"
        case .unsupportedPXE(let architecture): return "PXE architecture \(architecture)"
        case .other: return "DHCP client"
        }
    }

    /// Boot clients get boot information; in proxy mode they are the only ones answered.
    public var isBootClient: Bool {
        switch self {
        case .other: return false
        case .biosPXE, .uefi32, .uefi64, .uefiARM64, .uefiHTTP64, .uefiHTTPARM64, .iPXE, .unsupportedPXE: return true
        }
    }
}
