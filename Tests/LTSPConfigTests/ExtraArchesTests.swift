import Testing

@testable import LTSPConfig

/// EXTRA_ARCHES: the client architectures served beside ARCH, and what it refuses with file and line.
struct ExtraArchesTests {
    @Test func emptyByDefaultSoOnlyARCHIsServed() throws {
        let loaded = try load("")
        #expect(loaded.errors == [])
        #expect(loaded.configuration.extraArches == [])
        #expect(loaded.configuration.arches == ["amd64"])
        #expect(loaded.setting("EXTRA_ARCHES")?.provenance == .defaultValue)
    }

    @Test func i386BesideAmd64AndTheReverse() throws {
        let loaded = try load("EXTRA_ARCHES=\"i386\"\n")
        #expect(loaded.errors == [])
        #expect(loaded.warnings == [])
        let configuration = loaded.configuration
        #expect(configuration.extraArches == ["i386"])
        #expect(configuration.arches == ["amd64", "i386"])
        #expect(configuration.imagePath(arch: "i386") == "/srv/kiwi-ltsp/i386.img")
        #expect(configuration.kernelPath(arch: "i386") == "KIWI/i386/linux-ltsp")
        let reverse = try load("ARCH=i386\nEXTRA_ARCHES=amd64\n")
        #expect(reverse.errors == [])
        #expect(reverse.configuration.arches == ["i386", "amd64"])
        #expect(reverse.configuration.kernelPath(arch: "i386") == "KIWI/linux-ltsp")
    }

    @Test func aWordTwiceWarnsAndCountsOnce() throws {
        let loaded = try load("EXTRA_ARCHES=\"i386 i386\"\n")
        #expect(loaded.errors == [])
        #expect(loaded.configuration.extraArches == ["i386"])
        #expect(
            loaded.warnings.map(\.description) == ["/etc/sysconfig/kiwi-ltsp:1: warning: EXTRA_ARCHES names i386 twice"]
        )
    }

    static let refused: [(String, String)] = [
        (
            #"EXTRA_ARCHES="i386 arm64""#,
            #"EXTRA_ARCHES="i386 arm64": 'arm64' is not one of amd64, i386; separate words with spaces"#
        ),
        (#"EXTRA_ARCHES="x86""#, "'x86' is not one of amd64, i386"),
        (#"EXTRA_ARCHES="amd64""#, "EXTRA_ARCHES: amd64 is ARCH already; list only the other architectures"),
        (
            "ARCH=arm64\nEXTRA_ARCHES=amd64",
            "EXTRA_ARCHES needs ARCH amd64 or i386, not arm64: iPXE chooses between those two by the CPU"
        ),
        ("ROOT_TYPE=nfs\nEXTRA_ARCHES=i386", "EXTRA_ARCHES needs ROOT_TYPE=nbd: ROOT_TYPE=nfs serves ARCH's root only"),
        ("EXTRA_ARCHES=i386\nROOT_TYPE=aoe", "EXTRA_ARCHES needs ROOT_TYPE=nbd: ROOT_TYPE=aoe serves ARCH's root only"),
    ]

    /// Each refusal is one error at the EXTRA_ARCHES line of the file.
    @Test(arguments: refused)
    func refusalNamesFileLineAndWhy(assignments: String, message: String) throws {
        let text = "# line 1\nDHCP_IFACES=\"eth1\"\n\(assignments)\n"
        let loaded = try load(text)
        let errors = loaded.errors
        #expect(errors.count == 1, "\(errors)")
        let line = text.split(separator: "\n").firstIndex { $0.hasPrefix("EXTRA_ARCHES=") }.map { $0 + 1 }
        #expect(errors.first?.line == line)
        #expect(errors.first?.description.hasPrefix("/etc/sysconfig/kiwi-ltsp:\(line ?? 0): ") == true)
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test func theDefaultFileDocumentsIt() {
        let text = ConfigSchema.defaultFileText()
        #expect(text.contains("\nEXTRA_ARCHES=\"\"\n"))
        #expect(text.contains("`kiwi-ltsp image build --arch <arch>`"))
        #expect(
            ConfigSchema.names.firstIndex(of: "EXTRA_ARCHES")
                == ConfigSchema.names.firstIndex(of: "ARCH").map { $0 + 1 })
    }
}
