import ArgumentParser
import ImageBuilder
import NetworkValues

/// `kiwi-ltsp media build [--iso FILE] [--usb FILE] [--server ADDRESS]`.
public struct MediaBuildCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Make one hybrid image that boots BIOS and UEFI clients from a CD or a USB stick.",
        discussion: """
            The image carries GRUB and iPXE. Without --server, iPXE asks DHCP as a PXE client would and boots from the \
            server that answers (full or proxy mode). With --server, the image goes to that server directly (on UEFI, \
            GRUB loads the kernel and initrd over HTTP itself). The same image works as a CD (--iso) and written to a \
            stick (--usb /dev/sdX, or a file); the default is <IMAGE_DIR>/kiwi-ltsp-boot.iso. Needs grub-common, \
            grub-pc-bin, grub-efi-amd64-bin, xorriso, mtools and ipxe.
            """
    )

    @OptionGroup public var global: GlobalOptions

    @Option(help: ArgumentHelp("Where to write the image (an .iso file).", valueName: "file"))
    public var iso: String?

    @Option(help: ArgumentHelp("Write the image to this USB stick (a block device) or file.", valueName: "device"))
    public var usb: String?

    @Option(help: ArgumentHelp("Bake in this server's address instead of finding it by DHCP.", valueName: "address"))
    public var server: String?

    public init() {}

    public func validate() throws {
        if let server, IPv4Address(server) == nil {
            throw ValidationError("--server \(server) is not an IPv4 address")
        }
    }

    public func run() async throws {
        let loaded = try global.validConfiguration(action: "no image was made")
        let configuration = loaded.configuration
        let plan = BootMediumPlan(configuration: configuration, server: server.flatMap { IPv4Address($0) })
        let target =
            iso
            ?? (usb == nil
                ? global.rootDirectory.resolve(configuration.imageDirectory + "/kiwi-ltsp-boot.iso")
                : nil)
        let built = try ImageBuildCommand.reporting { () throws(ImageBuildError) in
            try BootMediumBuild(plan: plan, iso: target, usb: usb, progress: ConsoleProgress()).run()
        }
        let how = server.map { "goes to \($0)" } ?? "finds the server by DHCP"
        print("boot medium: \(built.path) (\(built.bytes / 1024) KiB), BIOS and UEFI, CD and USB; it \(how)")
    }
}
