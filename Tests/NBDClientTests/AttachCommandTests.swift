import Testing
import NBDClient

struct AttachCommandTests {
    static let amd64 = NBDTarget(host: "10.0.0.1", port: 10809, exportName: "amd64", timeout: 30)

    @Test(arguments: [
        (["10.0.0.1", "10809", "/dev/nbd0", "--export", "amd64"], AttachCommand.attach(amd64, device: "/dev/nbd0")),
        (["--export", "amd64", "10.0.0.1", "10809", "/dev/nbd0"], .attach(amd64, device: "/dev/nbd0")),
        (
            ["--export=amd64", "--timeout=5", "--probe", "10.0.0.1", "10809"],
            .probe(NBDTarget(host: "10.0.0.1", port: 10809, exportName: "amd64", timeout: 5))
        ),
        (
            ["--timeout", "0", "--probe", "[fd00::1]", "10809"],
            .probe(NBDTarget(host: "fd00::1", port: 10809, exportName: "", timeout: 0))
        ),
        (["--probe", "server.lab", "1"], .probe(NBDTarget(host: "server.lab", port: 1))),
        (["-d", "/dev/nbd0"], .disconnect(device: "/dev/nbd0")),
        (["-h"], .help),
        (["10.0.0.1", "--help"], .help),
        (
            ["--export", "-", "--", "10.0.0.1", "10809", "/dev/nbd1"],
            .attach(NBDTarget(host: "10.0.0.1", port: 10809, exportName: "-"), device: "/dev/nbd1")
        ),
    ])
    func parses(arguments: [String], command: AttachCommand) throws {
        #expect(try AttachCommand.parse(arguments) == command)
    }

    @Test(arguments: [
        ([], "HOST and PORT are required"),
        (["10.0.0.1"], "HOST and PORT are required"),
        (["10.0.0.1", "10809"], "DEVICE is required (or --probe)"),
        (["10.0.0.1", "nbd", "/dev/nbd0"], "PORT must be a number from 1 to 65535, not 'nbd'"),
        (["10.0.0.1", "0", "/dev/nbd0"], "PORT must be a number from 1 to 65535, not '0'"),
        (["10.0.0.1", "65536", "/dev/nbd0"], "PORT must be a number from 1 to 65535, not '65536'"),
        (["10.0.0.1", "10809", "/dev/nbd0", "extra"], "too many arguments"),
        (["--probe", "10.0.0.1", "10809", "/dev/nbd0"], "--probe takes no DEVICE"),
        (["--timeout", "-1", "--probe", "h", "1"], "--timeout wants whole seconds from 0 to 86400, not '-1'"),
        (["--timeout", "soon", "--probe", "h", "1"], "--timeout wants whole seconds from 0 to 86400, not 'soon'"),
        (["--probe", "h", "1", "--export"], "--export needs a value"),
        (["-d"], "-d needs a value"),
        (["-d", "/dev/nbd0", "10.0.0.1"], "-d takes only a DEVICE"),
        (["--verbose", "h", "1", "/dev/nbd0"], "unknown option --verbose"),
        (["[]", "1", "/dev/nbd0"], "HOST is empty"),
    ])
    func badArgumentsAreUsageErrors(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try AttachCommand.parse(arguments) }
    }

    @Test func usageShowsEveryForm() {
        #expect(
            AttachCommand.usage.hasPrefix(
                "usage: ltsp-nbd-attach [--export NAME] [--timeout SECONDS] [--probe] HOST PORT [DEVICE]\n"))
        #expect(AttachCommand.usage.contains("ltsp-nbd-attach -d DEVICE\n"))
    }

    @Test func probeLine() {
        let export = NBDExportInfo(size: 67_108_864, transmissionFlags: 0x103)
        #expect(
            AttachCommand.describe(export, name: "amd64")
                == "export amd64 size 67108864 flags 0x0103 read-only yes")
        #expect(
            AttachCommand.describe(NBDExportInfo(size: 1, transmissionFlags: 0xffff), name: "")
                == "export  size 1 flags 0xffff read-only yes")
        #expect(
            AttachCommand.describe(NBDExportInfo(size: 1, transmissionFlags: 1), name: "swap")
                == "export swap size 1 flags 0x0001 read-only no")
    }
}
