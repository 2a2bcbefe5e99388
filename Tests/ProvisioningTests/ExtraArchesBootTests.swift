import LTSPConfig
import SystemSupport
import Testing

@testable import Provisioning

/// EXTRA_ARCHES in the boot files: iPXE picks the architecture by the CPU, each with its own kernel, initrd and
/// NBD export; pxelinux and GRUB boot ARCH as before.
struct ExtraArchesBootTests {
    static let fixture = "DNS_SERVERS=192.0.2.53\n"

    @Test func kernelCommandLineAsksForTheArchitecturesExport() throws {
        let configuration = try Fixture.configuration(Self.fixture + "EXTRA_ARCHES=i386")
        #expect(
            KernelCommandLine.text(for: .nbd, configuration: configuration, arch: "i386")
                == "root=/dev/nbd0 nbdroot=192.168.67.1:10809/i386 ltsp.server=192.168.67.1 quiet")
        #expect(
            KernelCommandLine.words(for: .nbd, configuration: configuration)
                == KernelCommandLine.words(for: .nbd, configuration: configuration, arch: "amd64"))
        #expect(
            KernelCommandLine.text(for: .nfs, configuration: configuration, arch: "i386")
                == KernelCommandLine.text(for: .nfs, configuration: configuration),
            "NFS serves ARCH's chroot only")
    }

    @Test func bootMenuEntriesCarryTheOtherArchitectures() throws {
        let configuration = try Fixture.configuration(Self.fixture + "EXTRA_ARCHES=i386")
        let menu = BootMenu(configuration: configuration, rootTypes: [.nfs])
        let nbd = menu.entries[0]
        #expect(nbd.otherArches.map(\.arch) == ["i386"])
        #expect(
            menu.boots(of: nbd).map(\.kernelPath) == ["KIWI/linux-ltsp", "KIWI/i386/linux-ltsp"])
        #expect(menu.boots(of: nbd).map(\.initrdPath) == ["KIWI/initrd-ltsp", "KIWI/i386/initrd-ltsp"])
        #expect(nbd.otherArches[0].commandLine.contains("nbdroot=192.168.67.1:10809/i386 "))
        #expect(menu.entries[1].otherArches == [], "NFS boots ARCH on every CPU")
        #expect(BootMenu(configuration: try Fixture.configuration(Self.fixture)).entries[0].otherArches == [])
    }

    @Test func iPXETestsTheCPUAndJumpsToEachArchitecturesBlock() throws {
        let configuration = try Fixture.configuration(Self.fixture + "EXTRA_ARCHES=i386")
        let text = IPXEScriptRenderer.render(configuration, menu: BootMenu(configuration: configuration))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let entry = try #require(lines.firstIndex(of: ":ltsp-nbd"))
        #expect(lines[entry + 1] == "cpuid --ext 29 && goto ltsp-nbd-amd64 || goto ltsp-nbd-i386")
        for (arch, kernel, initrd) in [
            ("amd64", "KIWI/linux-ltsp", "KIWI/initrd-ltsp"), ("i386", "KIWI/i386/linux-ltsp", "KIWI/i386/initrd-ltsp"),
        ] {
            let block = try #require(lines.firstIndex(of: ":ltsp-nbd-\(arch)"), "no block for \(arch)")
            let commandLine =
                "initrd=initrd-ltsp root=/dev/nbd0 nbdroot=192.168.67.1:10809/\(arch) ltsp.server=192.168.67.1 quiet "
                + "BOOTIF=01-${netX/mac:hexhyp}"
            #expect(
                lines[block + 1]
                    == "kernel http://192.168.67.1:8069/\(kernel) \(commandLine) || "
                    + "kernel tftp://192.168.67.1/\(kernel) \(commandLine) || goto failed")
            #expect(
                lines[block + 2]
                    == "initrd http://192.168.67.1:8069/\(initrd) || initrd tftp://192.168.67.1/\(initrd) || goto failed"
            )
            #expect(lines[block + 3] == "boot || goto failed")
        }
    }

    @Test func iPXEPicksAmd64ByLongModeWhenI386IsARCH() throws {
        let configuration = try Fixture.configuration(Self.fixture + "ARCH=i386\nEXTRA_ARCHES=amd64")
        let text = IPXEScriptRenderer.render(configuration, menu: BootMenu(configuration: configuration))
        #expect(text.contains("\n:ltsp-nbd\ncpuid --ext 29 && goto ltsp-nbd-amd64 || goto ltsp-nbd-i386\n"))
        #expect(
            text.contains("/KIWI/amd64/linux-ltsp initrd=initrd-ltsp root=/dev/nbd0 nbdroot=192.168.67.1:10809/amd64 "))
        #expect(text.contains("/KIWI/linux-ltsp initrd=initrd-ltsp root=/dev/nbd0 nbdroot=192.168.67.1:10809/i386 "))
    }

    @Test func pxelinuxAndGRUBStillBootARCHOnly() throws {
        let single = try Fixture.configuration(Self.fixture)
        let both = try Fixture.configuration(Self.fixture + "EXTRA_ARCHES=i386")
        #expect(
            PXELinuxConfigRenderer.render(both, menu: BootMenu(configuration: both))
                == PXELinuxConfigRenderer.render(single, menu: BootMenu(configuration: single)))
        #expect(
            GRUBConfigRenderer.render(both, menu: BootMenu(configuration: both))
                == GRUBConfigRenderer.render(single, menu: BootMenu(configuration: single)))
    }

    @Test func nbdServerExportsEachArchitecture() throws {
        let configuration = try Fixture.configuration(Self.fixture + "BOOT_SERVICES=dnsmasq\nEXTRA_ARCHES=i386")
        let text = NBDServerConfigRenderer.render(configuration)
        #expect(text.contains("\n[amd64]\n    exportname = /srv/kiwi-ltsp/amd64.img\n"))
        #expect(text.contains("\n[i386]\n    exportname = /srv/kiwi-ltsp/i386.img\n"))
    }

    @Test func knownHostsGoesIntoEachArchitecturesChroot() throws {
        let configuration = try Fixture.configuration(Self.fixture + "EXTRA_ARCHES=i386")
        let plan = try ProvisioningPlanner().plan(Fixture.input(configuration))
        for chroot in ["/srv/kiwi-ltsp-nfs-amd64", "/srv/kiwi-ltsp-nfs-i386"] {
            let write = try #require(plan.write(at: chroot + "/etc/ssh/ssh_known_hosts"))
            #expect(write.policy == .replaceInExistingDirectory(chroot))
        }
    }
}
