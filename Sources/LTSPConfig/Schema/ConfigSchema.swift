import SystemSupport

/// Every variable of `/etc/sysconfig/kiwi-ltsp`, in the order of the shipped file.
public enum ConfigSchema {
    public static let defaultPath = "/etc/sysconfig/kiwi-ltsp"

    private static let network = "Network/Thin clients/KIWI-LTSP"
    private static let boot = "Network/Thin clients/KIWI-LTSP/Boot"
    private static let image = "Network/Thin clients/KIWI-LTSP/Image"

    public static let variables: [ConfigVariable] = [
        ConfigVariable(
            "DHCP_IFACES", path: network, type: .interfaces,
            derivation: "the first interface that is up and has a private IPv4 address",
            description: "Network interfaces that face the thin clients, separated by spaces."),
        ConfigVariable(
            "SERVER_IP", path: network, type: .ipv4,
            derivation: "the IPv4 address of the first interface of DHCP_IFACES",
            description: "Address of this server as the clients see it (TFTP, NBD, ssh)."),
        ConfigVariable(
            "DHCP_MODE", path: network, type: .choice(["full", "proxy", "off"]), default: "full",
            description: """
                full: hand out addresses and boot information (a network of its own for the clients).
                proxy: another DHCP server hands out addresses; answer only PXE clients with boot information.
                off: no DHCP from this server.
                """),
        ConfigVariable(
            "DHCP_RANGE", path: network, type: .dhcpRange,
            derivation: ".20 to .250 of the client network, lease time 12h",
            description: "Address pool for DHCP_MODE=full as start,end[,leasetime] (leasetime: 12h, 30m, infinite)."),
        ConfigVariable(
            "DHCP_RESERVATIONS", path: network, type: .reservations,
            description: """
                Fixed addresses by MAC: MAC,ADDRESS[,HOSTNAME] entries separated by spaces,
                e.g. 52:54:00:12:34:56,192.168.67.50,front-desk
                """),
        ConfigVariable(
            "DNS_SERVERS", path: network, type: .ipv4List,
            derivation: "the server's own resolvers from /etc/resolv.conf",
            description: "DNS servers given to the clients, separated by spaces."),
        ConfigVariable(
            "DOMAIN", path: network, type: .domain,
            description: "DNS domain given to the clients; empty gives none."),
        ConfigVariable(
            "NAT", path: network, type: .yesno, default: "yes",
            description: "Masquerade client traffic out of NAT_IFACE so clients reach the internet."),
        ConfigVariable(
            "NAT_IFACE", path: network, type: .interface,
            derivation: "the interface of the IPv4 default route",
            description: "The uplink interface for NAT."),
        ConfigVariable(
            "IP_FORWARD", path: network, type: .yesno, default: "yes",
            description: "Enable IPv4 forwarding (net.ipv4.ip_forward) for the clients."),
        ConfigVariable(
            "BOOT_SERVICES", path: boot, type: .choice(["builtin", "dnsmasq"]), default: "builtin",
            description: """
                builtin: kiwi-ltsp serve provides DHCP, TFTP and NBD itself.
                dnsmasq: render configuration for dnsmasq and the root service instead.
                """),
        ConfigVariable(
            "ROOT_TYPE", path: boot, type: .choice(["nbd", "aoe", "nfs"]), default: "nbd",
            description: "How clients attach their root file system: NBD, ATA over Ethernet, or NFS."),
        ConfigVariable(
            "NFS_SERVER", path: boot, type: .choice(["kernel", "ganesha"]), default: "kernel",
            description: """
                ROOT_TYPE=nfs: the NFS server that exports the chroot read-only.
                kernel: the kernel's nfsd (/etc/exports.d, NFSv3 and v4). ganesha: nfs-ganesha (NFSv4 only).
                """),
        ConfigVariable(
            "BOOT_FILE_BIOS", path: boot, type: .tftpPath, default: "lpxelinux.0",
            description: "Boot file for BIOS PXE clients, relative to TFTP_ROOT (lpxelinux.0 shows the PXE menu)."),
        ConfigVariable(
            "SECURE_BOOT", path: boot, type: .choice(["auto", "yes", "no"]), default: "auto",
            description: """
                yes: x86-64 UEFI clients boot Debian's signed chain (shim, GRUB, the signed kernel), which \
                works with Secure Boot on and off. no: they boot iPXE (snponly.efi), which a Secure Boot \
                firmware refuses. auto: yes when shim-signed and grub-efi-amd64-signed are installed.
                """),
        ConfigVariable(
            "BOOT_FILE_UEFI", path: boot, type: .tftpPath,
            derivation: "shimx64.efi with SECURE_BOOT, else snponly.efi",
            description: "Boot file for x86-64 UEFI PXE and HTTP boot clients, relative to TFTP_ROOT "
                + "(snponly.efi: iPXE on the firmware's own network driver; ipxe.efi: iPXE's drivers)."),
        ConfigVariable(
            "BOOT_FILE_ARM64", path: boot, type: .tftpPath, default: "ipxe-arm64.efi",
            description: "Boot file for ARM64 UEFI PXE clients, relative to TFTP_ROOT."),
        ConfigVariable(
            "IPXE_SCRIPT", path: boot, type: .tftpPath, default: KiwiPaths.ipxeScript,
            description:
                "iPXE script given to clients that already run iPXE, relative to TFTP_ROOT; none: iPXE clients "
                + "get the boot file of their firmware (e.g. pxelinux for a BIOS iPXE ROM)."),
        ConfigVariable(
            "TFTP_ROOT", path: boot, type: .path, default: KiwiPaths.tftpRoot,
            description: "Directory served over TFTP; boot files are in its KIWI folder."),
        ConfigVariable(
            "TFTP_LISTEN", path: boot, type: .addresses,
            derivation: "SERVER_IP",
            description: "Addresses the TFTP server listens on (IPv4 or IPv6), separated by spaces."),
        ConfigVariable(
            "TFTP_PORT", path: boot, type: .integer(1...65535), default: "69",
            description: "UDP port of the TFTP server."),
        ConfigVariable(
            "NBD_PORT", path: boot, type: .integer(1...65535), default: "10809",
            description: "TCP port of the NBD server."),
        ConfigVariable(
            "IPV6_RA", path: boot, type: .yesno, default: "yes",
            description: "Send IPv6 router advertisements with router lifetime 0 on DHCP_IFACES: iPXE stops "
                + "waiting for an IPv6 router (about 13 s per boot) and no client gets an IPv6 route from us."),
        ConfigVariable(
            "HTTP_PORT", path: boot, type: .integer(0...65535), default: "8069",
            description:
                "TCP port of the HTTP service that serves TFTP_ROOT to iPXE and UEFI HTTP boot; 0 turns it off."),
        ConfigVariable(
            "LDMINFO_PORT", path: boot, type: .integer(1...65535), default: "9571",
            description: "TCP port of the info service ldm asks for sessions, languages and load (LTSP's ldminfod)."),
        ConfigVariable(
            "NBD_SWAP_SIZE", path: boot, type: .integer(0...65536), default: "256",
            description: "Size in MiB of the writable swap export each NBD client may use; 0 turns it off."),
        ConfigVariable(
            "NBD_MAX_CONNECTIONS", path: boot, type: .integer(1...65536), default: "1024",
            description: "Most NBD connections open at once; one beyond it is closed at once."),
        ConfigVariable(
            "NBD_MAX_SWAP_EXPORTS", path: boot, type: .integer(0...65536), default: "256",
            description: "Most per-client swap files open at once (each up to NBD_SWAP_SIZE on this disk)."),
        ConfigVariable(
            "TFTP_MAX_TRANSFERS", path: boot, type: .integer(1...65536), default: "1024",
            description: "Most TFTP transfers at once; a request beyond it is answered \"Server busy\"."),
        ConfigVariable(
            "TFTP_MAX_TRANSFERS_PER_CLIENT", path: boot, type: .integer(1...65536), default: "64",
            description: "Most of those one client IP may hold, so one host cannot take them all."),
        ConfigVariable(
            "TFTP_BUSY_POLL", path: boot, type: .yesno, default: "no",
            description: "Let a TFTP transfer poll its socket for up to 100 µs before it sleeps: faster "
                + "lock-step transfers to a quick client, for CPU time the desktops on this server may need."),
        ConfigVariable(
            "SERVE_USER", path: boot, type: .word, default: "kiwi-ltsp",
            description: "System user the boot services run as, with only CAP_NET_BIND_SERVICE and "
                + "CAP_NET_RAW (created when missing); root keeps them root."),
        ConfigVariable(
            "AOE_IFACE", path: boot, type: .interface,
            derivation: "the first interface of DHCP_IFACES",
            description: "Interface that exports the image over ATA over Ethernet."),
        ConfigVariable(
            "AOE_SHELF", path: boot, type: .integer(0...65534), default: "0",
            description: "AoE shelf number of the image."),
        ConfigVariable(
            "AOE_SLOT", path: boot, type: .integer(0...254), default: "1",
            description: "AoE slot number of the image."),
        ConfigVariable(
            "BOOT_MENU_TIMEOUT", path: boot, type: .integer(0...600),
            derivation: "0 while the menu offers one boot entry",
            description:
                "Seconds the PXE, iPXE and GRUB menus wait before booting the default entry; 0 boots it at once."),
        ConfigVariable(
            "KERNEL_OPTIONS", path: boot, type: .string, default: "quiet",
            description: "Extra kernel command line options for the clients."),
        ConfigVariable(
            "ARCH", path: image, type: .choice(["amd64", "i386", "arm64"]), default: "amd64",
            description: "Architecture of the client image."),
        ConfigVariable(
            "EXTRA_ARCHES", path: image, type: .choiceList(["amd64", "i386"]),
            description: """
                Client architectures served beside ARCH (`i386` next to `amd64`, or the reverse): each has its own \
                image `<IMAGE_DIR>/<arch>.img`, `KIWI/<arch>/linux-ltsp` and `initrd-ltsp`, built with \
                `kiwi-ltsp image build --arch <arch>`; iPXE boots a 64-bit CPU with amd64 and any other with i386.
                """),
        ConfigVariable(
            "IMAGE_DIR", path: image, type: .path, default: KiwiPaths.imageDirectory,
            description: "Directory of the squashfs images (<IMAGE_DIR>/<ARCH>.img)."),
        ConfigVariable(
            "CHROOT_DIR", path: image, type: .path,
            derivation: "/srv/kiwi-ltsp-nfs-<ARCH>",
            description: "Directory of the client chroot the image is built from."),
        ConfigVariable(
            "IMAGE_DISTRIBUTION", path: image, type: .word, default: "bookworm",
            description: "Debian release of the client image."),
        ConfigVariable(
            "IMAGE_MIRROR", path: image, type: .url,
            description: "Debian mirror for the image; empty uses the host's apt sources."),
        ConfigVariable(
            "IMAGE_PROFILE", path: image, type: .choice(["minimal", "thin"]), default: "thin",
            description:
                "minimal: kernel, busybox, ssh client and our programs. thin: adds X, sound, the desktop client side."),
        ConfigVariable(
            "EXTRA_PACKAGES", path: image, type: .packages,
            description: "More Debian packages for the image, separated by spaces."),
    ]

    public static let names: [String] = variables.map { $0.name }

    public static func variable(named name: String) -> ConfigVariable? {
        variables.first { $0.name == name }
    }
}
