import ArgumentParser
import Testing
@testable import KiwiLTSPCommands

struct CommandLineTests {
    @Test func helpListsEveryCommandWithItsPurpose() {
        let help = KiwiLTSP.helpMessage(columns: 200)
        for (command, purpose) in [
            ("config init", "Write the documented default configuration."),
            ("config show", "Show each variable's value and where it came from."),
            ("config check", "Validate the configuration; list every problem."),
            ("info", "Show the lts.conf variables a client gets."),
            ("serve", "Run the boot services (DHCP, TFTP, NBD) in the foreground."),
            ("configure", ConfigureCommand.configuration.abstract),
            ("image build", ImageBuildCommand.configuration.abstract),
            ("image revert", ImageRevertCommand.configuration.abstract),
            ("demo", DemoCommand.configuration.abstract),
        ] {
            #expect(
                help.split(separator: "\n").contains {
                    $0.hasPrefix("  \(command) ") && $0.hasSuffix(purpose)
                }, "help lacks `\(command)  \(purpose)`:\n\(help)")
        }
        #expect(help.contains("-h, --help"))
    }

    @Test func seedFlagsAreTheirCommands() throws {
        #expect(SeedAliases.rewrite(["-c", "--dry-run"]) == ["configure", "--dry-run"])
        #expect(SeedAliases.rewrite(["config", "-c"]) == ["config", "-c"])
        #expect(try KiwiLTSP.parseAsRoot(SeedAliases.rewrite(["-c", "--dry-run"])) is ConfigureCommand)
        #expect(try KiwiLTSP.parseAsRoot(SeedAliases.rewrite(["-s", "--reuse-chroot"])) is ImageBuildCommand)
        #expect(SeedAliases.rewrite(["-s"]) == ["image", "build"])
        #expect(KiwiLTSP.helpMessage(columns: 200).contains("Seed flags: -c = configure, -s = image build"))
    }

    @Test func everyCommandTakesTheGlobalOptions() throws {
        for arguments in [
            ["config", "init"], ["config", "show"], ["config", "check"], ["info", "pc1"], ["serve"],
            ["configure"], ["image", "build"], ["image", "revert"],
        ] {
            let command = try KiwiLTSP.parseAsRoot(arguments + ["--config", "/etc/x", "--root", "/tmp"])
            let global = try #require(Mirror(reflecting: command).descendant("_global") as? OptionGroup<GlobalOptions>)
            #expect(global.wrappedValue.config == "/etc/x")
            #expect(global.wrappedValue.root == "/tmp")
            #expect(global.wrappedValue.rootDirectory.resolve("/etc/x") == "/tmp/etc/x")
        }
    }

    @Test func defaults() throws {
        let command = try #require(try KiwiLTSP.parseAsRoot(["config", "show"]) as? ConfigShow)
        #expect(command.global.config == "/etc/sysconfig/kiwi-ltsp")
        #expect(command.global.root == "/")
        #expect(command.format == .table)
    }

    @Test func infoOptions() throws {
        let command = try #require(
            try KiwiLTSP.parseAsRoot([
                "info", "52:54:00:12:34:56", "--lts-conf", "/tmp/lts.conf", "--format", "shell",
                "--ip", "192.168.67.20", "--screen", "07", "--cmdline", "ltsp.sound=false",
            ]) as? InfoCommand)
        #expect(command.format == .shell)
        #expect(command.identity.mac == "52:54:00:12:34:56")
        #expect(command.identity.ipAddress?.description == "192.168.67.20")
        #expect(command.ltsConf == "/tmp/lts.conf")
    }

    @Test(arguments: [
        (["info", "pc", "--format", "yaml"], "The value 'yaml' is invalid for '--format <format>'"),
        (["info", "pc", "--ip", "1.2.3"], "--ip 1.2.3 is not an IPv4 address"),
        (["info", "pc", "--mac", "zz"], "--mac zz is not a MAC address"),
        (["info", "pc", "--screen", "7"], "--screen takes two digits, such as 07"),
        (["config", "show", "--root", "/nonexistent-root"], "--root /nonexistent-root is not a directory"),
        (["info"], "Missing expected argument '<client>'"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func badArgumentsSayWhatIsWrong(arguments: [String], message: String) {
        do {
            _ = try KiwiLTSP.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            let text = KiwiLTSP.message(for: error)
            #expect(text.contains(message), "\(text)")
        }
    }
}
