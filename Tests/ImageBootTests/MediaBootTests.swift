import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp media build` makes one image; clients with no network boot of their own start it as a CD (BIOS and
/// UEFI) or a USB stick and come up from the server like PXE clients: iPXE on the medium finds the server by DHCP,
/// or with `--server` GRUB goes to the baked-in address.
@Suite(.serialized)
struct MediaBootTests {
    static let tools = ["qemu-system-x86_64", "ip", "grub-mkrescue", "xorriso", "mformat"]

    func lab(_ label: String) throws -> PXELab {
        let image = try TestImage.ensureBuilt()
        try RequiredTool.require(Self.tools)
        return try PXELab(label, image: image, settings: [:])
    }

    /// `media build` under the lab's root; the ISO's path.
    func buildMedium(_ lab: PXELab, server: String? = nil) throws -> String {
        let iso = lab.root.path + "/boot.iso"
        let result = try lab.lab.server.exec(
            [
                BuiltProducts.executable("kiwi-ltsp"), "media", "build", "--root",
                lab.root.path, "--iso", iso,
            ] + (server.map { ["--server", $0] } ?? []),
            check: false)
        try #require(result.succeeded, "media build: \(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("BIOS and UEFI, CD and USB"))
        return iso
    }

    /// The NIC without an option ROM: only the medium's iPXE (or GRUB) does network boot.
    static func nic(_ lab: PXELab, model: String) -> [String] {
        [
            "-netdev", "tap,id=net0,ifname=\(lab.lab.tap),script=no,downscript=no",
            "-device", "\(model),netdev=net0,mac=\(PXELab.mac),romfile=",
        ]
    }

    /// BIOS from CD with the server baked in: iPXE from the medium runs the medium's script, which chains the
    /// server's iPXE script over HTTP.
    @Test func biosCDGoesToTheBakedInServer() throws {
        let lab = try lab("media-bios-cd")
        let iso = try buildMedium(lab, server: "192.168.67.1")
        try lab.startServe()
        let vm = try VirtualMachine(
            namespace: lab.lab.client,
            machine: ["-cdrom", iso, "-boot", "d"]
                + Self.nic(lab, model: "e1000"))
        let ready = try lab.waitForReady(vm)
        #expect(ready.hostname == "pxeclient")
        let log = lab.serve?.log ?? ""
        #expect(log.contains("http KIWI/boot.ipxe"), "the medium's script chained the server's over HTTP: \(log)")
        #expect(log.contains("http KIWI/linux-ltsp"), "\(log)")
    }

    /// UEFI from CD, finding the server by DHCP: iPXE (EFI, its own network drivers) asks as a PXE client.
    @Test func uefiCDFindsTheServerByDHCP() throws {
        let lab = try lab("media-uefi-cd")
        let iso = try buildMedium(lab)
        try lab.startServe()
        let store = try BuiltProducts.scratchDirectory("ovmf") + "/vars.fd"
        try FileManager.default.copyItem(atPath: UEFIBootTests.variables, toPath: store)
        let vm = try VirtualMachine(
            namespace: lab.lab.client,
            machine: [
                "-machine", "q35",
                "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=\(UEFIBootTests.code)",
                "-drive", "if=pflash,format=raw,unit=1,file=\(store)",
                "-drive", "if=none,id=cd,media=cdrom,readonly=on,file=\(iso)", "-device", "ide-cd,drive=cd,bootindex=0",
            ] + Self.nic(lab, model: "virtio-net-pci"))
        _ = try lab.waitForReady(vm)
        let log = lab.serve?.log ?? ""
        #expect(log.contains("(iPXE) boot KIWI/boot.ipxe"), "\(log)")
        #expect(log.contains("http KIWI/linux-ltsp"), "\(log)")
    }

    @Test func usbStickFindsTheServerByDHCP() throws {
        let lab = try lab("media-usb")
        let iso = lab.root.path + "/boot.iso", stick = lab.root.path + "/stick.img"
        let written = try lab.lab.server.exec(
            [
                BuiltProducts.executable("kiwi-ltsp"), "media", "build", "--root",
                lab.root.path, "--iso", iso, "--usb", stick,
            ], check: false)
        try #require(written.succeeded, "\(written.stdout) \(written.stderr)")
        #expect(try sha256(stick) == sha256(iso), "the stick holds the same hybrid image")
        try lab.startServe()
        let vm = try VirtualMachine(
            namespace: lab.lab.client,
            machine: [
                "-device", "qemu-xhci", "-drive", "if=none,id=stick,format=raw,file=\(stick)",
                "-device", "usb-storage,drive=stick,bootindex=0",
            ] + Self.nic(lab, model: "e1000"))
        _ = try lab.waitForReady(vm)
        #expect(lab.serve?.log.contains("(iPXE) boot KIWI/boot.ipxe") == true)
    }
}
