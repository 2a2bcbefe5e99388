import ImageBuilder
import LTSPConfig
import NetworkValues
import SystemSupport
import Testing

struct BootMediumPlanTests {
    func configuration() throws -> ServerConfiguration {
        let loaded = ConfigurationLoader(root: RootDirectory("/nonexistent-kiwi-ltsp-root"))
            .load(
                text: "SERVER_IP=192.168.67.1\nDHCP_IFACES=lo\nDHCP_MODE=off\nNAT=no\nDNS_SERVERS=192.168.67.1\n",
                file: "kiwi-ltsp")
        try #require(loaded.isValid, "\(loaded.errors)")
        return loaded.configuration
    }

    @Test func withoutAServerIPXEFindsItByDHCP() throws {
        let plan = BootMediumPlan(configuration: try configuration(), server: nil)
        #expect(plan.files.map(\.path) == ["/kiwi/ipxe.lkrn", "/kiwi/ipxe.efi", "/boot/grub/grub.cfg"])
        #expect(plan.grubConfig.contains("chainloader /kiwi/ipxe.efi"))
        #expect(plan.grubConfig.contains("linux16 /kiwi/ipxe.lkrn"))
        #expect(!plan.grubConfig.contains("initrd16"))
        #expect(plan.grubConfig.contains("set timeout=0"))
    }

    @Test func aBakedServerGoesThereDirectly() throws {
        let plan = BootMediumPlan(configuration: try configuration(), server: IPv4Address("10.1.2.3"))
        let script = try #require(plan.files.first { $0.path == "/kiwi/server.ipxe" }?.text)
        #expect(script.hasPrefix("#!ipxe\n"))
        #expect(script.contains("chain http://10.1.2.3:8069/KIWI/boot.ipxe || chain tftp://10.1.2.3/KIWI/boot.ipxe"))
        #expect(plan.grubConfig.contains("initrd16 /kiwi/server.ipxe"))
        #expect(plan.grubConfig.contains("if net_bootp; then"))
        #expect(
            plan.grubConfig.contains(
                "linux (http,10.1.2.3:8069)/KIWI/linux-ltsp root=/dev/nbd0 "
                    + "nbdroot=10.1.2.3:10809/amd64 ltsp.server=10.1.2.3"))
        #expect(plan.grubConfig.contains("chainloader /kiwi/ipxe.efi"), "iPXE when GRUB finds no network card")
    }

    @Test func mkrescueAndItsPackages() {
        #expect(
            BootMediumPlan.mkrescue(staging: "/s", output: "/o.iso")
                == ["grub-mkrescue", "-o", "/o.iso", "/s", "--", "-volid", "KIWI_LTSP"])
        #expect(BootMediumPlan.tools.map(\.1) == ["grub-common", "xorriso", "mtools"])
        #expect(
            ImageBuildError.missingTool("xorriso", package: "xorriso").description.contains("apt-get install xorriso"))
    }
}
