import Foundation
import Testing
import TestSupport

/// The built `ltsp-nbd-attach --probe` against real NBD servers: ours and Debian's nbd-server. Attaching to the
/// kernel needs the nbd module, which this host lacks; the image boot test covers that in qemu.
@Suite(.serialized)
struct ProbeIntegrationTests {
    static let binary = BuiltProducts.executable("ltsp-nbd-attach")

    @Test(arguments: NBDTestServer.Kind.allCases, BuiltProducts.clientArches)
    func probeReportsTheSizeAndTheReadOnlyFlag(kind: NBDTestServer.Kind, arch: String) throws {
        try NBDTestServer.requireTools(kind)
        let server = try NBDTestServer(kind)
        let result = try server.attach(
            [
                "--export", "amd64", "--timeout", "20", "--probe", "127.0.0.1",
                "\(NBDTestServer.port)",
            ], arch: arch)
        #expect(result.status == 0, "\(kind) \(arch): \(result.stderr)")
        let fields = result.stdout.split(separator: " ")
        try #require(fields.count == 8, "\(kind): \(result.stdout)")
        #expect(Array(fields[0...3]) == ["export", "amd64", "size", "\(NBDTestServer.imageSize)"])
        let flags = try #require(UInt16(fields[5].dropFirst(2), radix: 16))
        #expect(fields[5].hasPrefix("0x") && flags & 0x3 == 0x3, "HAS_FLAGS and READ_ONLY: \(fields[5])")
        #expect(Array(fields[6...7]) == ["read-only", "yes\n"])
    }

    @Test(arguments: NBDTestServer.Kind.allCases, BuiltProducts.clientArches)
    func anUnknownExportExitsOneNamingTheExportAndTheServer(kind: NBDTestServer.Kind, arch: String) throws {
        try NBDTestServer.requireTools(kind)
        let server = try NBDTestServer(kind)
        let result = try server.attach(
            [
                "--probe", "--export", "i386", "--timeout", "20", "127.0.0.1",
                "\(NBDTestServer.port)",
            ], arch: arch)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.hasPrefix(
                "ltsp-nbd-attach: export 'i386' not found on 127.0.0.1:10809 "
                    + "(NBD_REP_ERR_UNKNOWN"), "\(kind) \(arch): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test func probeReachesAServerOnIPv6Loopback() throws {
        try NBDTestServer.requireTools(.nbdServer)
        let server = try NBDTestServer(.nbdServer, listen: "::1")
        let result = try server.attach(["--export=amd64", "--timeout=20", "--probe", "::1", "\(NBDTestServer.port)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("export amd64 size \(NBDTestServer.imageSize) flags 0x"), "\(result.stdout)")
    }

    @Test func aServerThatIsNotListeningFailsOnceTheTimeoutHasPassed() throws {
        try NBDTestServer.requireTools(nil)
        let namespace = try NetworkNamespace(prefix: "kltsp-nbdc")
        let result = try namespace.exec(
            [
                Self.binary, "--timeout", "1", "--export", "amd64", "--probe", "127.0.0.1",
                "10809",
            ], check: false)
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "ltsp-nbd-attach: cannot connect to 127.0.0.1:10809 within 1 s: connect: Connection refused\n")
    }

    @Test(arguments: [[], ["10.0.0.1", "10809"], ["--bogus"], ["--timeout", "x", "--probe", "h", "1"]])
    func badArgumentsExitTwoWithTheUsage(arguments: [String]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build it first: \(Self.binary)")
        let result = try Command.run([Self.binary] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("ltsp-nbd-attach: "))
        #expect(result.stderr.contains("\nusage: ltsp-nbd-attach "))
    }

    @Test func helpGoesToStandardOutput() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build it first: \(Self.binary)")
        let result = try Command.run([Self.binary, "-h"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("usage: ltsp-nbd-attach "))
    }

    /// The device is checked before any connection, so the error comes at once, whatever the server.
    @Test(arguments: [
        (["10.0.0.1", "10809", "/dev/null"], "ltsp-nbd-attach: /dev/null is not a block device\n"),
        (["-d", "/dev/null"], "ltsp-nbd-attach: /dev/null is not a block device\n"),
        (["-d", "/nonexistent/nbd0"], "ltsp-nbd-attach: cannot open /nonexistent/nbd0: No such file or directory\n"),
    ])
    func aDeviceThatIsNotAnNBDDeviceIsRefused(arguments: [String], message: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build it first: \(Self.binary)")
        let result = try Command.run([Self.binary] + arguments)
        #expect(result.status == 1)
        #expect(result.stderr == message)
    }
}
