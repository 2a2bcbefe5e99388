import Testing
import ThinClient

struct ClientOptionsTests {
    @Test func defaults() throws {
        let options = try ClientOptions(arguments: [])
        #expect(options == ClientOptions())
        #expect(options.root == "/" && options.setsHostname && options.startsScreens && !options.once)
    }

    @Test func everyOption() throws {
        let options = try ClientOptions(arguments: [
            "--root", "/tmp/r", "--cmdline=ltsp.server=1.2.3.4 quiet",
            "--no-hostname", "--no-screens", "--once",
        ])
        #expect(options.root == "/tmp/r")
        #expect(options.commandLine == "ltsp.server=1.2.3.4 quiet")
        #expect(!options.setsHostname && !options.startsScreens && options.once && !options.showsHelp)
        #expect(try ClientOptions(arguments: ["-h"]).showsHelp)
        #expect(try ClientOptions(arguments: ["--root=/x"]).root == "/x")
    }

    @Test(arguments: [
        (["--root"], "--root needs a value"),
        (["--frobnicate"], "unknown argument '--frobnicate'"),
        (["extra"], "unknown argument 'extra'"),
        (["--once=yes"], "--once takes no value"),
        (["--root="], "--root needs a directory"),
    ])
    func mistakesAreNamed(arguments: [String], message: String) {
        #expect(throws: ClientOptionsError(message)) { try ClientOptions(arguments: arguments) }
    }

    @Test func usageListsEveryOption() {
        for option in ["--root DIR", "--cmdline TEXT", "--no-hostname", "--no-screens", "--once", "-h, --help"] {
            #expect(ClientOptions.usage.contains(option), "\(option)")
        }
    }
}
