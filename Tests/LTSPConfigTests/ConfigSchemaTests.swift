import Testing

@testable import LTSPConfig

struct ConfigSchemaTests {
    @Test func defaultFileDocumentsEveryVariableWithSysconfigHeaders() {
        let text = ConfigSchema.defaultFileText()
        for variable in ConfigSchema.variables {
            let block = text.components(separatedBy: "\n\n").first { $0.contains("\n\(variable.name)=") }
            #expect(block != nil, "no block for \(variable.name)")
            for header in ["## Path:", "## Description:", "## Type:", "## Default:"] {
                #expect(block?.contains(header) == true, "\(variable.name) lacks \(header)")
            }
        }
    }

    @Test func defaultFileParsesToTheDefaultsWithoutProblems() throws {
        let loaded = try load(ConfigSchema.defaultFileText())
        #expect(loaded.diagnostics == [])
        for variable in ConfigSchema.variables where variable.derivation == nil {
            #expect(loaded.setting(variable.name)?.value == variable.defaultValue)
        }
    }

    @Test func requiredVariablesAreInTheSchema() {
        let required = [
            "DHCP_IFACES", "SERVER_IP", "DHCP_MODE", "DHCP_RANGE", "DNS_SERVERS", "DOMAIN", "ROOT_TYPE",
            "BOOT_SERVICES", "ARCH", "TFTP_ROOT", "TFTP_PORT", "IMAGE_DIR", "CHROOT_DIR", "NBD_PORT",
            "AOE_IFACE", "AOE_SHELF", "AOE_SLOT", "NAT", "NAT_IFACE", "IP_FORWARD",
            "IMAGE_DISTRIBUTION", "IMAGE_MIRROR", "IMAGE_PROFILE", "EXTRA_PACKAGES", "KERNEL_OPTIONS",
        ]
        #expect(Set(required).subtracting(ConfigSchema.names).isEmpty)
    }

    @Test(arguments: [
        ("DHCP_RANG", "DHCP_RANGE"), ("server_ip", "SERVER_IP"), ("TFTPROOT", "TFTP_ROOT"),
        ("NBD_PROT", "NBD_PORT"),
    ])
    func closestName(typo: String, expected: String) {
        #expect(EditDistance.closest(to: typo, in: ConfigSchema.names) == expected)
    }
}
