import Testing

@testable import ImageBuilder

struct PackageSelectionTests {
    /// `--reuse-chroot` reuses a chroot only when dpkg lists every package of the profile as installed.
    @Test func installedPackagesFromDpkgsStatusFile() {
        let status = """
            Package: openssh-client
            Status: install ok installed
            Version: 1:9.2p1-2

            Package: openssh-sftp-server
            Status: deinstall ok config-files
            Version: 1:9.2p1-2

            Package: udev
            Version: 252
            Status: install ok installed

            Package: half
            Status: install ok half-installed

            """
        #expect(PackageSelection.installed(status: status) == ["openssh-client", "udev"])
        #expect(PackageSelection.installed(status: "").isEmpty)
        #expect(PackageSelection.packages(profile: .thin, arch: "amd64", extra: []).contains("openssh-sftp-server"))
    }
}
