import SystemSupport

/// The boot file for each kind of client, as paths under the TFTP root (or URL paths for UEFI HTTP boot).
public struct DHCPBootFiles: Hashable, Sendable {
    /// BIOS PXE (architecture 0).
    public var bios: String
    /// 32-bit UEFI (architecture 6).
    public var uefi32: String
    /// x64 UEFI (architectures 7 and 9).
    public var uefi64: String
    /// ARM64 UEFI (architecture 11).
    public var arm64: String
    /// x64 UEFI HTTP boot (architecture 16): a path on `httpBaseURL`.
    public var httpUEFI64: String
    /// ARM64 UEFI HTTP boot (architecture 19): a path on `httpBaseURL`.
    public var httpARM64: String
    /// The base of HTTP boot URLs; `nil` means `http://SERVER/`.
    public var httpBaseURL: String?
    /// False when no HTTP service serves the boot files: UEFI HTTP boot clients then get no boot file.
    public var httpBoot: Bool
    /// What iPXE (user class `iPXE` or option 175) gets, so firmware → iPXE → script never loops; nil: iPXE is
    /// answered like the firmware it runs on (a BIOS iPXE ROM gets `bios`).
    public var ipxeScript: String?

    public init(
        bios: String = "lpxelinux.0",
        uefi32: String = "ipxe-i386.efi",
        uefi64: String = "ipxe.efi",
        arm64: String = "ipxe-arm64.efi",
        httpUEFI64: String = "ipxe.efi",
        httpARM64: String = "ipxe-arm64.efi",
        httpBaseURL: String? = nil,
        httpBoot: Bool = true,
        ipxeScript: String? = KiwiPaths.ipxeScript
    ) {
        self.bios = bios
        self.uefi32 = uefi32
        self.uefi64 = uefi64
        self.arm64 = arm64
        self.httpUEFI64 = httpUEFI64
        self.httpARM64 = httpARM64
        self.httpBaseURL = httpBaseURL
        self.httpBoot = httpBoot
        self.ipxeScript = ipxeScript
    }
}
