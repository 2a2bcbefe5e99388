import Foundation
import LTSPConfig
import SystemSupport
import Testing

struct DerivedRecordTests {
    let settings = [
        ConfigSetting(name: "SERVER_IP", value: "192.168.67.1", provenance: .derived("address of lab0")),
        ConfigSetting(name: "DHCP_MODE", value: "full", provenance: .file(path: "/etc/sysconfig/kiwi-ltsp", line: 3)),
        ConfigSetting(name: "TFTP_ROOT", value: "/srv/tftpboot", provenance: .defaultValue),
        ConfigSetting(
            name: "DHCP_RANGE", value: "192.168.67.20,192.168.67.250,12h", provenance: .derived("from the network")),
    ]

    @Test func onlyDerivedValuesAreRecordedAndReadBack() {
        let record = DerivedRecord(settings: settings)
        #expect(record.values == ["SERVER_IP": "192.168.67.1", "DHCP_RANGE": "192.168.67.20,192.168.67.250,12h"])
        #expect(record.text.hasSuffix("DHCP_RANGE=192.168.67.20,192.168.67.250,12h\nSERVER_IP=192.168.67.1\n"))
        #expect(DerivedRecord.parse(record.text) == record)
        #expect(DerivedRecord.parse("# only a comment\n\ngarbage\n=x\n").values.isEmpty)
    }

    @Test func aValueDerivedOrSetDifferentlyNowIsAChange() {
        let record = DerivedRecord(settings: settings)
        #expect(record.changes(now: settings).isEmpty)
        var moved = settings
        moved[0] = ConfigSetting(name: "SERVER_IP", value: "192.168.68.1", provenance: .derived("address of lab0"))
        #expect(
            record.changes(now: moved)
                == ["SERVER_IP was 192.168.67.1 when `kiwi-ltsp configure` ran and is 192.168.68.1 now"])
        // Set in the file since: the files configure wrote still have the derived value.
        var set = settings
        set[3] = ConfigSetting(
            name: "DHCP_RANGE", value: "192.168.67.100,192.168.67.200",
            provenance: .file(path: "/etc/sysconfig/kiwi-ltsp", line: 9))
        #expect(record.changes(now: set).count == 1)
        // No interface any more: nothing derived.
        let gone = settings.filter { $0.name != "SERVER_IP" }
        #expect(
            record.changes(now: gone) == ["SERVER_IP was 192.168.67.1 when `kiwi-ltsp configure` ran and is empty now"])
    }

    @Test func warningsComeFromTheRecordUnderTheRoot() throws {
        let root = NSTemporaryDirectory() + "kiwi-ltsp-derived-\(getpid())-\(UInt32.random(in: 0..<1_000_000))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(DerivedRecord.warnings(root: RootDirectory(root), settings: settings).isEmpty, "no record: no warning")
        try TextFile.writeAtomically(
            DerivedRecord(values: ["SERVER_IP": "10.0.0.1"]).text,
            to: root + KiwiPaths.derivedRecord)
        let warnings = DerivedRecord.warnings(root: RootDirectory(root), settings: settings)
        #expect(warnings.count == 2)
        #expect(warnings.first?.hasPrefix("the host changed since configure: SERVER_IP was 10.0.0.1") == true)
        #expect(warnings.last?.contains("run `kiwi-ltsp configure` again") == true)
    }
}
