import SystemSupport
import Testing

@testable import Provisioning

/// What can be checked of a pxelinux menu without firmware: every keyword is one pxelinux knows, every label boots
/// a kernel or the local disk, DEFAULT names a label, and with a menu timeout the UI module and the files it loads
/// are planned; without one there is no UI line (pxelinux then boots DEFAULT at once).
struct PXELinuxSyntaxTests {
    static let keywords: Set<String> = [
        "UI", "PROMPT", "TIMEOUT", "DEFAULT", "LABEL", "MENU", "KERNEL", "LINUX",
        "INITRD", "APPEND", "IPAPPEND", "SYSAPPEND", "LOCALBOOT",
    ]

    @Test(arguments: ["nbd", "aoe", "nfs"], [0, 5])
    func menuIsWellFormed(rootType: String, timeout: Int) throws {
        let configuration = try Fixture.configuration(
            "DNS_SERVERS=192.0.2.53\nROOT_TYPE=\(rootType)\nBOOT_MENU_TIMEOUT=\(timeout)")
        let plan = try ProvisioningPlanner().plan(Fixture.input(configuration))
        let text = try #require(plan.write(at: "/srv/tftpboot/pxelinux.cfg/default")).text
        var labels: [String: [String]] = [:], current: String?, defaultLabel: String?, ui: String?
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            let keyword = String(line.split(separator: " ")[0]).uppercased()
            #expect(Self.keywords.contains(keyword), "unknown keyword in: \(line)")
            let argument = line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            switch keyword {
            case "LABEL": current = argument; labels[argument] = []
            case "DEFAULT": defaultLabel = argument
            case "UI": ui = argument
            default: if let current { labels[current, default: []].append(keyword) }
            }
            if keyword == "APPEND" { #expect(argument.count < 255, "pxelinux truncates long APPEND lines") }
        }
        #expect(labels[try #require(defaultLabel)] != nil)
        for (label, keys) in labels {
            #expect(keys.contains("KERNEL") != keys.contains("LOCALBOOT"), "\(label) must boot one thing")
            if keys.contains("KERNEL") { #expect(keys.contains("INITRD") && keys.contains("IPAPPEND")) }
        }
        #expect(text.contains("TIMEOUT \(timeout * 10)\n"))
        guard timeout > 0 else {
            #expect(ui == nil, "no menu on the way with BOOT_MENU_TIMEOUT=0")
            return
        }
        let planned = Set(plan.writes.map { TextFile.baseName(of: $0.path) })
        for module in [try #require(ui), "ldlinux.c32", "libutil.c32", "libcom32.c32", "lpxelinux.0"] {
            #expect(planned.contains(module), "\(module) is not installed next to the menu")
        }
    }
}
