import Testing

@testable import LDM

struct LocalDeviceSettingsTests {
    func settings(_ values: [String: String]) -> LocalDeviceSettings { LocalDeviceSettings { values[$0] } }

    let stick = RemovableMedium(name: "sdb1", bus: .usb, sectors: 32768, label: "KIWISTICK", fileSystem: "vfat")

    @Test func onAndWritableByDefault() {
        let defaults = settings([:])
        #expect(defaults.enabled && !defaults.readOnly && defaults.rules.isEmpty && defaults.problems.isEmpty)
        #expect(defaults.denial(of: stick) == nil)
        #expect(
            LDMSettings(variables: [:], screen: "07", hostname: nil, bootServer: "10.0.0.1").localDevices == defaults)
    }

    @Test func offAndReadOnly() {
        #expect(settings(["LOCALDEV": "False"]).denial(of: stick) == "LOCALDEV is off")
        #expect(!settings(["LOCALDEV": "n"]).enabled)
        #expect(settings(["LOCALDEV_READONLY": "True"]).readOnly)
        // Per screen, as every ldm setting.
        let screen = LDMSettings(
            variables: ["SCREEN_07_LOCALDEV_READONLY": "y"], screen: "07", hostname: nil,
            bootServer: "10.0.0.1")
        #expect(screen.localDevices.readOnly)
    }

    @Test func aWholeKindOfMediumDenied() {
        let denied = settings(["LOCALDEV_DENY_USB": "True", "LOCALDEV_DENY_CD": "yes"])
        #expect(denied.deniedBuses == [.usb, .cd])
        #expect(denied.denial(of: stick) == "LOCALDEV_DENY_USB")
        #expect(denied.denial(of: RemovableMedium(name: "mmcblk0p1", bus: .sd, sectors: 8, fileSystem: "vfat")) == nil)
    }

    @Test func rulesMatchDeviceLabelFileSystemAndBusWithGlobs() {
        let rules = settings(["LOCALDEV_DENY": "fs_type:ntfs*, label:SECRET*,device:sdc?,bus:cd"])
        #expect(rules.rules.count == 4 && rules.problems.isEmpty)
        #expect(rules.denial(of: stick) == nil)
        var medium = stick
        medium.fileSystem = "ntfs3"
        #expect(rules.denial(of: medium) == "LOCALDEV_DENY fs_type:ntfs*")
        medium = stick
        medium.label = "secret-plans"
        #expect(rules.denial(of: medium) == "LOCALDEV_DENY label:SECRET*")
        medium = stick
        medium.name = "sdc1"
        #expect(rules.denial(of: medium) != nil)
        #expect(rules.denial(of: RemovableMedium(name: "sr0", bus: .cd, sectors: 9, fileSystem: "iso9660")) != nil)
    }

    @Test func aBadRuleIsReportedAndTheOthersKept() {
        let rules = settings(["LOCALDEV_DENY": "colour:red,label:,fs_type:exfat,plain"])
        #expect(rules.rules == [LocalDeviceSettings.Rule(key: .fsType, pattern: "exfat")])
        #expect(rules.problems.count == 3)
        #expect(rules.problems[0].contains("'colour:red'") && rules.problems[0].contains("fs_type"))
    }
}
