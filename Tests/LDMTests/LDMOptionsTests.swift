import Testing

@testable import LDM

struct LDMOptionsTests {
    @Test func defaultsAndEveryOption() throws {
        #expect(try LDMOptions(arguments: []) == LDMOptions())
        let options = try LDMOptions(arguments: [
            "--screen", "8", "--config=/tmp/c", "--server", "10.0.0.1",
            "--greeter", "/g", "--xserver", "/x", "--hooks", "/h",
            "--known-hosts", "/k",
        ])
        #expect(options.screen == "08" && options.configFile == "/tmp/c" && options.bootServer == "10.0.0.1")
        #expect(
            options.greeter == "/g" && options.xserver == "/x" && options.hooks == "/h" && options.knownHosts == "/k")
        #expect(try LDMOptions(arguments: ["-h"]).showsHelp)
    }

    @Test(arguments: [["--screen", "64"], ["--screen", "x"], ["--screen"], ["--config="], ["--bogus"]])
    func mistakesAreNamed(_ arguments: [String]) {
        #expect(throws: LDMOptionsError.self) { try LDMOptions(arguments: arguments) }
    }
}
