import LTSPConfig
import Testing
import ThinClient

struct ScreenPlanTests {
    @Test(arguments: [("SCREEN_01", "/dev/tty1"), ("SCREEN_02", "/dev/tty2"), ("SCREEN_12", "/dev/tty12")])
    func screenRunsOnItsTTY(name: String, device: String) throws {
        let plan = ScreenPlan(try LTSConfText.defaults([name: "shell"]), serialConsole: nil)
        #expect(plan.launches.map(\.console) == [.terminal(device)])
        #expect(plan.launches.first?.arguments == ["/bin/sh", "-l"])
        #expect(plan.launches.first?.environment.contains("TERM=linux") == true)
        #expect(plan.skipped == [])
    }

    @Test func serialConsoleTakesScreenOne() throws {
        let resolution = try LTSConfText.defaults(["SCREEN_01": "shell", "SCREEN_02": "shell"])
        let plan = ScreenPlan(resolution, serialConsole: "ttyS0")
        #expect(plan.launches.map(\.console) == [.terminal("/dev/ttyS0"), .terminal("/dev/tty2")])
        #expect(plan.launches.first?.environment.contains("TERM=vt220") == true)
        #expect(plan.launches.first?.label == "SCREEN_01=shell on /dev/ttyS0")
    }

    @Test func unsupportedTypesAreSkippedWithOneLineEach() throws {
        let plan = ScreenPlan(
            try LTSConfText.defaults([
                "SCREEN_02": "shell", "SCREEN_03": "rdesktop -f server", "SCREEN_07": "ldm", "SCREEN_08": "startx",
            ]), serialConsole: nil)
        #expect(plan.launches.map(\.number) == ["02", "07"])
        #expect(
            plan.skipped == [
                "SCREEN_03=rdesktop -f server: not supported yet",
                "SCREEN_08=startx: not supported yet",
            ])
    }

    @Test func perScreenSettingsAndBadNumbersAreNotScreens() throws {
        let plan = ScreenPlan(
            try LTSConfText.defaults([
                "SCREEN_07_LDM_USERNAME": "kiosk", "SCREEN_00": "shell", "SCREEN_99": "shell", "SCREEN_05": "",
                "SCREENSAVER": "x",
            ]), serialConsole: nil)
        #expect(plan.launches == [])
        #expect(
            plan.skipped == [
                "SCREEN_00=shell: no /dev/tty0 (screens are 01 to 63)", "SCREEN_05 is empty",
                "SCREEN_99=shell: no /dev/tty99 (screens are 01 to 63)",
            ])
    }

    /// LTSP's default screen is ldm on vt7, logging in to the boot server; its messages go to ltsp-client's console.
    @Test func builtInDefaultIsLDMOnScreenSeven() throws {
        let resolution = LTSConfResolver(document: LTSConfDocument()).resolve(for: ClientIdentity())
        let plan = ScreenPlan(resolution, serialConsole: "ttyS0", bootServer: "192.168.67.1")
        #expect(plan.skipped.isEmpty)
        #expect(plan.launches.map(\.arguments) == [["/usr/sbin/ldm", "--screen", "07", "--server", "192.168.67.1"]])
        #expect(plan.launches.first?.console == .inherited)
        #expect(plan.launches.first?.label == "SCREEN_07=ldm on vt7")
    }
}
