import Foundation
import Testing
import TestSupport

/// The built ltsp-client in a client namespace against `kiwi-ltsp serve --only tftp` in a server namespace.
@Suite(.serialized)
struct ClientServeTests {
    static let commandLine = "quiet ltsp.server=\(ClientNetwork.serverIP) \(ClientNetwork.bootIF)"

    /// Many sections, so lts.conf spans several 1468-byte blocks; the client's [MAC] section names a LIKE group.
    static let ltsConf: String = {
        var text = """
            # lab lts.conf
            [default]
                SOUND = Y
                SCREEN_02 = shell
                LDM_THEME = "kiwi $theme `x`"
                X_COLOR_DEPTH = 16

            [lab]
                SOUND = N

            [\(ClientNetwork.clientMAC.uppercased())]
                HOSTNAME = pc20
                LIKE = lab

            """
        for host in 100..<200 { text += "[192.168.67.\(host)]\n    HOSTNAME = other\(host)  # padding\n" }
        return text
    }()

    @Test(arguments: BuiltProducts.clientArches) func macSectionLikeGroupAndKernelOverride(arch: String) throws {
        try ClientNetwork.requireTools(["sh"])
        let network = try ClientNetwork("client-serve", arch: arch)
        try network.writeLTSConf(Self.ltsConf)
        try network.startServe()
        let result = try network.runClient(Self.commandLine + " ltsp.x_color_depth=24")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ltsp-client: ready pc20 \(ClientNetwork.clientIP) 6 variables\n")
        #expect(result.stderr == "")
        #expect(
            network.ltspConfig == #"""
                HOSTNAME="pc20"
                LDM_THEME="kiwi \$theme \`x\`"
                SCREEN_02="shell"
                SERVER="192.168.67.1"
                SOUND="N"
                X_COLOR_DEPTH="24"

                """#)
        let sourced = try Command.run([
            "sh", "-c", ". \"$0\" && printf %s \"$LDM_THEME\"",
            network.clientRoot + "/run/ltsp/ltsp_config",
        ])
        #expect(sourced.stdout == "kiwi $theme `x`")
    }

    @Test func missingLTSConfGivesOneMessageAndTheDefaults() throws {
        try ClientNetwork.requireTools()
        let network = try ClientNetwork("client-missing")
        try network.startServe()
        // No BOOTIF: the first interface that is up with an address is the client's.
        let result = try network.runClient("quiet ltsp.server=\(ClientNetwork.serverIP)")
        #expect(result.status == 0)
        #expect(
            result.stderr == "ltsp-client: lts.conf: KIWI/lts.conf from 192.168.67.1: not found on the server "
                + "(TFTP error 1: File not found); using defaults\n")
        #expect(result.stdout == "ltsp-client: ready ltsp20 \(ClientNetwork.clientIP) 3 variables\n")
        #expect(network.ltspConfig == "HOSTNAME=\"ltsp20\"\nSCREEN_07=\"ldm\"\nSERVER=\"192.168.67.1\"\n")
    }

    @Test(arguments: BuiltProducts.clientArches) func malformedLTSConfNamesTheLine(arch: String) throws {
        try ClientNetwork.requireTools()
        let network = try ClientNetwork("client-malformed", arch: arch)
        try network.writeLTSConf("[default]\n    SOUND = Y\n    this is not valid\n")
        try network.startServe()
        let result = try network.runClient(Self.commandLine)
        #expect(result.status == 0)
        #expect(
            result.stderr == "ltsp-client: lts.conf: KIWI/lts.conf:3: expected KEY = value or [section], "
                + "found 'this is not valid'; using defaults\n")
        #expect(result.stdout == "ltsp-client: ready ltsp20 \(ClientNetwork.clientIP) 3 variables\n")
    }

    @Test(arguments: BuiltProducts.clientArches) func ltsConfPathFromTheCommandLineAndIncludesComeOverTFTP(arch: String)
        throws
    {
        try ClientNetwork.requireTools()
        let network = try ClientNetwork("client-include", arch: arch)
        try network.writeLTSConf("[default]\n    SOUND = Y\ninclude hosts.conf\n", at: "lab/lts.conf")
        try network.writeLTSConf(
            "[\(ClientNetwork.clientIP)]\n    HOSTNAME = kiosk1\n    SOUND = NONE\n",
            at: "lab/hosts.conf")
        try network.startServe()
        let result = try network.runClient(Self.commandLine + " ltsp.ltsconf=lab/lts.conf ltsp.screen_07=NONE")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ltsp-client: ready kiosk1 \(ClientNetwork.clientIP) 3 variables\n")
        #expect(
            network.ltspConfig
                == "HOSTNAME=\"kiosk1\"\nLTSCONF=\"lab/lts.conf\"\nSERVER=\"192.168.67.1\"\n")
    }

    /// The server's host keys come with lts.conf, so ldm's strict checking follows the server without a new image;
    /// a file without keys leaves the image's copy.
    @Test(arguments: BuiltProducts.clientArches) func sshKnownHostsComeFromTheServer(arch: String) throws {
        try ClientNetwork.requireTools()
        let network = try ClientNetwork("client-known-hosts", arch: arch)
        let keys = "# header\n192.168.67.1,server ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGF0ZXN0a2V5\n"
        try network.writeLTSConf("[default]\n    SOUND = N\n")
        try network.writeLTSConf(keys, at: "KIWI/ssh_known_hosts")
        try network.startServe()
        let result = try network.runClient(Self.commandLine)
        #expect(result.stderr == "")
        let installed = network.clientRoot + "/etc/ssh/ssh_known_hosts"
        #expect(try String(contentsOfFile: installed, encoding: .utf8) == keys)

        try network.writeLTSConf("# no keys yet\n", at: "KIWI/ssh_known_hosts")
        let again = try network.runClient(Self.commandLine)
        #expect(
            again.stderr == "ltsp-client: KIWI/ssh_known_hosts from 192.168.67.1 holds no host key; keeping the "
                + "image's /etc/ssh/ssh_known_hosts\n")
        #expect(try String(contentsOfFile: installed, encoding: .utf8) == keys)
    }

    /// In a UTS namespace of its own, the client sets the hostname and writes /etc/hostname under --root.
    @Test(arguments: BuiltProducts.clientArches) func hostnameIsSetAndWritten(arch: String) throws {
        try ClientNetwork.requireTools(["unshare", "sh"])
        let network = try ClientNetwork("client-hostname", arch: arch)
        try network.writeLTSConf(Self.ltsConf)
        try network.startServe()
        let showHostname = "\"$@\" && cat /proc/sys/kernel/hostname"
        let result = try network.runClient(
            Self.commandLine, options: [],
            wrapper: ["unshare", "--uts", "sh", "-c", showHostname, "sh"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ltsp-client: ready pc20 \(ClientNetwork.clientIP) 6 variables\npc20\n")
        #expect(try String(contentsOfFile: network.clientRoot + "/etc/hostname", encoding: .utf8) == "pc20\n")
    }

    /// A server that never answers: the client gives up within its bound, says so and uses the defaults.
    @Test func silentServerEndsInTheDefaults() throws {
        try ClientNetwork.requireTools()
        let network = try ClientNetwork("client-silent")
        let result = try network.runClient("ltsp.server=\(ClientNetwork.serverIP) \(ClientNetwork.bootIF)")
        #expect(result.status == 0)
        #expect(
            result.stderr == "ltsp-client: lts.conf: KIWI/lts.conf from 192.168.67.1: no answer from the TFTP "
                + "server within 10 s; using defaults\n")
        #expect(result.stdout == "ltsp-client: ready ltsp20 \(ClientNetwork.clientIP) 3 variables\n")
    }

    @Test func withoutAServerTheDefaultsAndAClearMessage() throws {
        try ClientNetwork.requireTools()
        let network = try ClientNetwork("client-noserver")
        let result = try network.runClient("quiet \(ClientNetwork.bootIF) ltsp.sound=N")
        #expect(result.status == 0)
        #expect(result.stderr == "ltsp-client: lts.conf: no ltsp.server= on the kernel command line; using defaults\n")
        #expect(result.stdout == "ltsp-client: ready ltsp20 \(ClientNetwork.clientIP) 3 variables\n")
        #expect(network.ltspConfig == "HOSTNAME=\"ltsp20\"\nSCREEN_07=\"ldm\"\nSOUND=\"N\"\n")
    }
}
