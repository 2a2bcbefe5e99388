import Foundation
import Testing
import TestSupport

/// UEFI clients as a school buys them: OVMF's own PXE (EDK2) on a virtio-net card with no option ROM, so the
/// firmware's network stack does DHCP and TFTP; it loads snponly.efi (iPXE on the firmware's driver), which runs the
/// iPXE script and fetches the kernel and initrd over HTTP. TCG: OVMF takes minutes.
@Suite(.serialized)
struct UEFIBootTests {
    static let tools = ["qemu-system-x86_64", "ip"]
    static let code = "/usr/share/OVMF/OVMF_CODE_4M.fd"
    static let variables = "/usr/share/OVMF/OVMF_VARS_4M.fd"

    func lab(_ label: String, settings: [String: String]) throws -> PXELab {
        let image = try TestImage.ensureBuilt()
        try RequiredTool.require(Self.tools)
        try #require(FileManager.default.fileExists(atPath: Self.code), "OVMF (Debian package ovmf)")
        return try PXELab(label, image: image, settings: settings)
    }

    /// OVMF with a fresh copy of its variable store, EDK2's PXE on virtio-net first in the boot order.
    static func firmware(
        code: String = code, variables: String = variables, secure: Bool = false,
        mac: String = PXELab.mac, tap: String
    ) throws -> [String] {
        let store = try BuiltProducts.scratchDirectory("ovmf") + "/vars.fd"
        try FileManager.default.copyItem(atPath: variables, toPath: store)
        var machine = ["-machine", secure ? "q35,smm=on" : "q35"]
        if secure { machine += ["-global", "driver=cfi.pflash01,property=secure,value=on"] }
        return machine + [
            "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=\(code)",
            "-drive", "if=pflash,format=raw,unit=1,file=\(store)",
            "-fw_cfg", "name=opt/org.tianocore/IPv6PXESupport,string=n",
            "-netdev", "tap,id=net0,ifname=\(tap),script=no,downscript=no",
            "-device", "virtio-net-pci,netdev=net0,mac=\(mac),bootindex=0,romfile=",
        ]
    }

    @Test func edk2PXEThenSnponlyInFullMode() throws {
        let lab = try lab("uefi-full", settings: [:])
        try lab.startServe()
        let started = Date()
        let vm = try VirtualMachine(
            namespace: lab.lab.client, memoryMiB: 768,
            machine: try Self.firmware(tap: lab.lab.tap))
        let ready = try lab.waitForReady(vm)
        print("UEFI full mode: power-on to ready \(Int(Date().timeIntervalSince(started))) s")
        #expect(ready.hostname == "pxeclient")
        let log = lab.serve?.log ?? ""
        #expect(log.contains("(UEFI x64) boot snponly.efi"), "\(log)")
        #expect(log.contains("tftp snponly.efi"), "\(log)")
        #expect(log.contains("http KIWI/linux-ltsp"), "\(log)")
        #expect(log.contains("http KIWI/initrd-ltsp"), "\(log)")
        let (json, stages) = try lab.statusStages()
        for stage in ["dhcp-ack", "tftp", "http", "nbd-attach", "lts-conf"] {
            #expect(stages.contains(stage), "status has \(stage): \(json)")
        }
    }

    /// Proxy mode beside a foreign DHCP server (dnsmasq hands out the address): EDK2 takes our proxy offer, asks
    /// us again on port 4011, and boots snponly.efi; iPXE then finds the script through the proxy too.
    @Test func edk2PXEInProxyModeBesideDnsmasq() throws {
        let lab = try lab("uefi-proxy", settings: ["DHCP_MODE": "proxy"])
        let dnsmasq = try lab.startForeignDHCP()
        defer { dnsmasq.stop() }
        try lab.startServe()
        let started = Date()
        let vm = try VirtualMachine(
            namespace: lab.lab.client, memoryMiB: 768,
            machine: try Self.firmware(tap: lab.lab.tap))
        let ready = try lab.waitForReady(vm)
        print("UEFI proxy mode: power-on to ready \(Int(Date().timeIntervalSince(started))) s")
        let host = Int(ready.address.split(separator: ".").last ?? "") ?? 0
        #expect((100...150).contains(host), "the address came from dnsmasq: \(ready.address)")
        let log = lab.serve?.log ?? ""
        #expect(log.contains("proxy DHCPOFFER") && log.contains("(UEFI x64) boot snponly.efi"), "\(log)")
        #expect(log.contains("http KIWI/linux-ltsp"), "\(log)")
    }

    /// UEFI HTTP boot (PXE switched off in the firmware): the firmware asks DHCP as an `HTTPClient`, gets the URL of
    /// snponly.efi on our HTTP service, loads it with HEAD and GET, and iPXE goes on as after PXE.
    @Test func uefiHTTPBoot() throws {
        let lab = try lab("uefi-http", settings: [:])
        try lab.startServe()
        let started = Date()
        let vm = try VirtualMachine(
            namespace: lab.lab.client, memoryMiB: 768,
            machine: try Self.firmware(
                tap: lab.lab.tap) + ["-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=n"])
        _ = try lab.waitForReady(vm)
        print("UEFI HTTP boot: power-on to ready \(Int(Date().timeIntervalSince(started))) s")
        let log = lab.serve?.log ?? ""
        #expect(log.contains("(UEFI HTTP x64) boot http://192.168.67.1:8069/snponly.efi"), "\(log)")
        #expect(log.contains("http snponly.efi"), "\(log)")
        #expect(!log.contains("tftp snponly.efi"), "\(log)")
    }

    /// Secure Boot on (OVMF's `.ms` firmware, Microsoft's keys enrolled): the firmware verifies Debian's shim, shim
    /// verifies GRUB's signed network image, GRUB verifies Debian's signed kernel; `configure` installed the chain
    /// (SECURE_BOOT=yes) and the GRUB menu.
    @Test func secureBootThroughShimAndGRUB() throws {
        let lab = try lab("uefi-secure", settings: ["SECURE_BOOT": "yes"])
        for file in ["shimx64.efi", "grubx64.efi", "grub/grub.cfg"] {
            #expect(
                FileManager.default.fileExists(atPath: lab.root.tftpRoot + "/" + file), "configure installed \(file)")
        }
        try lab.startServe()
        let started = Date()
        let vm = try VirtualMachine(
            namespace: lab.lab.client, memoryMiB: 768,
            machine: try Self.firmware(
                code: "/usr/share/OVMF/OVMF_CODE_4M.ms.fd", variables: "/usr/share/OVMF/OVMF_VARS_4M.ms.fd",
                secure: true,
                tap: lab.lab.tap))
        _ = try lab.waitForReady(vm)
        print("UEFI Secure Boot: power-on to ready \(Int(Date().timeIntervalSince(started))) s")
        let log = lab.serve?.log ?? ""
        #expect(log.contains("(UEFI x64) boot shimx64.efi"), "\(log)")
        // Debian 12's signed GRUB network image tries HTTP on HTTP_PORT and falls back to TFTP (it names files with
        // a leading slash).
        for file in ["tftp shimx64.efi", "tftp grubx64.efi", "grub/grub.cfg", "KIWI/linux-ltsp", "KIWI/initrd-ltsp"] {
            #expect(log.contains(file), "the serve log shows \(file): \(log)")
        }
        #expect(
            vm.output.contains("Secure boot enabled") || vm.output.contains("secureboot: Secure boot enabled"),
            "the kernel runs with Secure Boot on: \(vm.lines.suffix(60).joined(separator: "\n"))")
    }
}
