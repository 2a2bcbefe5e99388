import Foundation
import Testing
import TestSupport

/// The client against a TFTP server nobody here wrote: tftp-hpa's in.tftpd.
@Suite(.serialized)
struct ClientPeerTFTPTests {
    @Test func fetchesLTSConfFromTFTPHPA() throws {
        try ClientNetwork.requireTools(["in.tftpd", "ss"])
        let network = try ClientNetwork("client-peer")
        try network.writeLTSConf(ClientServeTests.ltsConf)
        let tftpd = try BackgroundProcess([
            "ip", "netns", "exec", network.server.name, "in.tftpd", "-L",
            "-a", "\(ClientNetwork.serverIP):69", "-s", network.root.tftpRoot,
        ])
        defer { tftpd.stop() }
        try network.waitForUDPListener(port: 69)
        let result = try network.runClient(ClientServeTests.commandLine)
        #expect(result.status == 0, "\(result.stderr) in.tftpd: \(tftpd.log)")
        #expect(result.stdout == "ltsp-client: ready pc20 \(ClientNetwork.clientIP) 6 variables\n")
        #expect(result.stderr == "")
        #expect(network.ltspConfig.contains("SOUND=\"N\"\n"))

        let missing = try network.runClient("ltsp.server=\(ClientNetwork.serverIP) ltsp.ltsconf=KIWI/none.conf")
        #expect(missing.status == 0)
        #expect(
            missing.stderr.hasPrefix(
                "ltsp-client: lts.conf: KIWI/none.conf from 192.168.67.1: not found on the "
                    + "server (TFTP error 1"), "\(missing.stderr)")
    }
}
