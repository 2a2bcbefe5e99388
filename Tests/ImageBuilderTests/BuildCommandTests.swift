import ImageBuilder
import Testing

/// The exact mmdebstrap and mksquashfs argument lists per profile, and the mirror taken from the host.
struct BuildCommandTests {
    @Test func minimalProfileBootstrapsEssentialWithTheClientPackages() {
        let command = BootstrapCommand(
            distribution: "bookworm", arch: "amd64", profile: .minimal, extraPackages: [],
            mirror: "http://deb.debian.org/debian", target: "/srv/chroot.new")
        #expect(
            command.arguments == [
                "mmdebstrap", "--variant=essential", "--architectures=amd64",
                "--include=linux-image-amd64,tiny-initramfs,busybox-static,kmod,openssh-client,ca-certificates",
                "--aptopt=Acquire::Languages \"none\"", "--aptopt=APT::Install-Recommends \"false\"",
                "--dpkgopt=path-exclude=/usr/share/doc/*", "--dpkgopt=path-exclude=/usr/share/man/*",
                "--dpkgopt=path-exclude=/usr/share/info/*", "--dpkgopt=path-exclude=/usr/share/locale/*",
                "--dpkgopt=path-exclude=/usr/share/lintian/*", "--dpkgopt=path-include=/usr/share/doc/*/copyright",
                "--dpkgopt=path-include=/usr/share/locale/locale.alias",
                "bookworm", "/srv/chroot.new", "http://deb.debian.org/debian",
            ])
    }

    @Test func thinProfileAddsTheDesktopSidePlusExtrasOnce() throws {
        let command = BootstrapCommand(
            distribution: "trixie", arch: "arm64", profile: .thin,
            extraPackages: ["vim", "kmod"], mirror: nil, target: "/c")
        let arguments = command.arguments
        #expect(arguments[1] == "--variant=minbase")
        #expect(arguments[2] == "--architectures=arm64")
        let include = try #require(arguments.first { $0.hasPrefix("--include=") })
        let packages = include.dropFirst("--include=".count).split(separator: ",").map(String.init)
        #expect(packages.first == "linux-image-arm64")
        for package in ["systemd-sysv", "xserver-xorg-core", "pulseaudio", "xauth", "busybox-static", "vim"] {
            #expect(packages.contains(package), "\(package)")
        }
        #expect(packages.filter { $0 == "kmod" }.count == 1)
        #expect(Array(arguments.suffix(2)) == ["trixie", "/c"], "no mirror argument: mmdebstrap's default")
    }

    @Test func squashfsPacksWithZstdAndLeavesTheKernelsInitramfsOut() {
        let command = SquashfsCommand(
            source: "/srv/kiwi-ltsp-nfs-amd64", output: "/srv/kiwi-ltsp/.amd64.img.new",
            excludes: SquashfsCommand.standardExcludes)
        #expect(
            command.arguments == [
                "mksquashfs", "/srv/kiwi-ltsp-nfs-amd64", "/srv/kiwi-ltsp/.amd64.img.new", "-noappend", "-comp", "zstd",
                "-wildcards", "-e", "boot/initrd.img*", "var/cache/apt/*.bin", "var/cache/apt/archives/*.deb",
                "var/lib/apt/lists/*_Packages",
            ])
    }

    @Test func theHostsDebianMirrorIsFoundInDeb822AndOneLineSources() {
        let deb822 = """
            Types: deb
            URIs: https://packages.example.com/apt
            Suites: stable
            Components: main

            Types: deb
            # a comment
            URIs: http://deb.debian.org/debian-security
            Suites: bookworm-security

            Types: deb
            URIs: http://mirror.example.org/debian http://other/debian
            Suites: bookworm bookworm-updates
            Components: main
            """
        #expect(AptSources.debianMirror(deb822: deb822) == "http://mirror.example.org/debian")
        let oneLine = """
            # deb http://commented/debian bookworm main
            deb [arch=amd64] http://security.debian.org/debian-security bookworm-security main
            deb [signed-by=/k.gpg] http://ftp.de.debian.org/debian bookworm main contrib
            """
        #expect(AptSources.debianMirror(oneLine: oneLine) == "http://ftp.de.debian.org/debian")
        #expect(AptSources.debianMirror(oneLine: "deb http://example.com/ubuntu jammy main") == nil)
    }

    @Test func rootIsLockedAndOtherAccountsKept() {
        let shadow = "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
        #expect(
            ClientBootFiles.lockingRoot(shadow: shadow) == "root:!*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n")
        #expect(ClientBootFiles.lockingRoot(shadow: "root:$6$abc:1::::::\n") == "root:!$6$abc:1::::::\n")
        #expect(ClientBootFiles.lockingRoot(shadow: "root:!x:1::::::") == "root:!x:1::::::")
        #expect(ClientBootFiles.lockingRoot(shadow: "root::1::::::") == "root:!*:1::::::")
    }

    @Test func kernelVersionsCompareNumerically() {
        #expect(InstalledKernel.versionOrder("6.1.0-9-amd64", "6.1.0-10-amd64"))
        #expect(!InstalledKernel.versionOrder("6.10.0-1-amd64", "6.9.0-1-amd64"))
        #expect(
            ["6.1.0-9-amd64", "6.1.0-50-amd64", "6.1.0-10-amd64"].max(by: InstalledKernel.versionOrder)
                == "6.1.0-50-amd64")
    }

    @Test func toolOutputBecomesOneStatusLine() {
        var summary = ToolOutputSummary(tool: "mmdebstrap")
        #expect(
            summary.feed(ArraySlice("I: downloading packages with apt...\nnoise\n".utf8))
                == "mmdebstrap: downloading packages with apt...")
        #expect(summary.feed(ArraySlice("Setting up kmod (30+20221128-1) ...\n".utf8)) == "mmdebstrap: setting up kmod")
        #expect(summary.feed(ArraySlice("Get:1 http://x y\n".utf8)) == nil)
        var squash = ToolOutputSummary(tool: "mksquashfs")
        #expect(squash.feed(ArraySlice("[=====/      ]  900/10591   8%".utf8)) == "mksquashfs: packed 900/10591 (8 %)")
        #expect(
            squash.feed(ArraySlice("\r[==========|]  10591/10591 100%\n".utf8))
                == "mksquashfs: packed 10591/10591 (100 %)")
        #expect(ToolOutputSummary.percent(in: "packed 1/2 (57 %)") == 57)
        #expect(ToolOutputSummary.percent(in: "no percent") == nil)
    }
}
