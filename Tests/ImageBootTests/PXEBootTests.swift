import Foundation
import Testing
import TestSupport

/// A virtual thin client powers on with no disk and comes up from `kiwi-ltsp serve`: qemu's iPXE ROM (Debian's
/// ipxe-qemu) does PXE against our DHCP, loads a boot loader over our TFTP, the kernel and initrd-ltsp follow,
/// the root comes over our NBD, and ltsp-client reports ready on the serial console. TCG only.
@Suite(.serialized)
struct PXEBootTests {
    static let tools = ["qemu-system-x86_64", "ip"]

    func lab(_ label: String, settings: [String: String]) throws -> PXELab {
        let image = try TestImage.ensureBuilt()
        try RequiredTool.require(Self.tools)
        try #require(
            FileManager.default.fileExists(atPath: "/usr/share/qemu/efi-e1000.rom")
                || FileManager.default.fileExists(atPath: "/usr/lib/ipxe/qemu/efi-e1000.rom"),
            "qemu's e1000 iPXE ROM (Debian package ipxe-qemu)")
        return try PXELab(label, image: image, settings: settings)
    }

    func expectAllStages(_ lab: PXELab, dhcp: [String] = ["dhcp-offer", "dhcp-ack"], files: [String]) throws {
        let (json, stages) = try lab.statusStages()
        for stage in dhcp + ["tftp", "nbd-attach", "lts-conf"] {
            #expect(stages.contains(stage), "status has \(stage): \(json)")
        }
        for file in files { #expect(json.contains(file), "status lists \(file): \(json)") }
        #expect(json.lowercased().contains(PXELab.mac), "status is keyed by the client's MAC: \(json)")
    }

    /// BIOS firmware → our DHCP (full) → pxelinux with the menu `configure` rendered → linux-ltsp + initrd-ltsp →
    /// NBD root → ready. The ROM is iPXE: with IPXE_SCRIPT=none it is answered like the BIOS it runs on.
    @Test func biosPXELinuxBootsTheImage() throws {
        let lab = try lab("pxe-pxelinux", settings: ["IPXE_SCRIPT": "none"])
        try lab.startServe()
        let vm = try lab.bootClient()
        let ready = try lab.waitForReady(vm)
        #expect(ready.hostname == "pxeclient")
        #expect(ready.address.hasPrefix("192.168.67."))
        let log = lab.serve?.log ?? ""
        for file in ["lpxelinux.0", "ldlinux.c32", "pxelinux.cfg/default", "KIWI/linux-ltsp", "KIWI/initrd-ltsp"] {
            #expect(log.contains(file), "the serve log shows \(file)")
        }
        try expectAllStages(lab, files: ["lpxelinux.0", "KIWI/linux-ltsp", "KIWI/initrd-ltsp"])
    }

    /// The same with iPXE running the iPXE script `configure` rendered instead of pxelinux.
    @Test func iPXEScriptBootsTheImage() throws {
        let lab = try lab("pxe-ipxe", settings: [:])
        try lab.startServe()
        let vm = try lab.bootClient()
        let ready = try lab.waitForReady(vm)
        #expect(ready.hostname == "pxeclient")
        let log = lab.serve?.log ?? ""
        #expect(log.contains("KIWI/boot.ipxe"))
        #expect(!log.contains("lpxelinux.0"), "no pxelinux on the iPXE path")
        #expect(
            log.contains("http KIWI/linux-ltsp") && log.contains("http KIWI/initrd-ltsp"),
            "iPXE loads the kernel and initrd over HTTP: \(log)")
        try expectAllStages(lab, files: ["KIWI/boot.ipxe", "KIWI/linux-ltsp", "KIWI/initrd-ltsp"])
    }

    /// Proxy mode: a dnsmasq on the same network hands out the address only; ours answers with the boot file.
    @Test func proxyModeBootsWithAnotherDHCPServer() throws {
        let lab = try lab("pxe-proxy", settings: ["DHCP_MODE": "proxy", "IPXE_SCRIPT": "none"])
        let dnsmasq = try lab.startForeignDHCP()
        defer { dnsmasq.stop() }
        try lab.startServe()
        let vm = try lab.bootClient()
        let ready = try lab.waitForReady(vm)
        #expect(ready.hostname == "pxeclient")
        let host = Int(ready.address.split(separator: ".").last ?? "") ?? 0
        #expect((100...150).contains(host), "the address came from dnsmasq: \(ready.address)")
        #expect(dnsmasq.log.contains("DHCPACK"), "\(dnsmasq.log)")
        try expectAllStages(lab, dhcp: ["proxy-offer"], files: ["lpxelinux.0", "KIWI/linux-ltsp"])
    }
}
