import Foundation
import RouterAdvertisement
import Testing
import TestSupport

struct RouterAdvertisementScheduleTests {
    @Test func threeQuickOnesThenTheInterval() {
        var schedule = RouterAdvertisementSchedule(start: .zero, interval: .seconds(200))
        var times: [Duration] = []
        var now = Duration.zero
        while times.count < 5 {
            if schedule.isDue(now) {
                times.append(now)
                schedule.sent(at: now)
            }
            now += .seconds(1)
        }
        #expect(times == [.zero, .seconds(4), .seconds(8), .seconds(208), .seconds(408)])
    }

    @Test func solicitationsAreAnsweredAtOnceButNotTooOften() {
        var schedule = RouterAdvertisementSchedule(start: .zero, interval: .seconds(200))
        for second in 0..<3 { schedule.sent(at: .seconds(Int64(second * 4))) }
        schedule.solicited(at: .seconds(100))
        #expect(schedule.next == .seconds(100))
        schedule.sent(at: .seconds(100))
        schedule.solicited(at: .seconds(101))
        #expect(schedule.next == .seconds(103))
    }

    @Test func messageBytes() {
        #expect(RouterAdvertisementMessage.bytes.count == 16)
        #expect(RouterAdvertisementMessage.bytes[0] == 134)
        #expect(RouterAdvertisementMessage.bytes[4...7] == [0, 0, 0, 0])  // hop limit, flags M=0 O=0, lifetime 0
        #expect(RouterAdvertisementMessage.isSolicitation([133, 0, 0, 0, 0, 0, 0, 0]))
        #expect(!RouterAdvertisementMessage.isSolicitation([133, 1, 0, 0, 0, 0, 0, 0]))
        #expect(!RouterAdvertisementMessage.isSolicitation([133, 0, 0]))
    }
}

/// `kiwi-ltsp serve --only ra` on a veth pair, with rdisc6 (ndisc6) as the host that solicits, and tcpdump to see
/// the unsolicited ones: router lifetime 0, no M or O flag, no prefix, hop limit 255.
@Suite(.serialized)
struct RouterAdvertiserServeTests {
    @Test func answersSolicitationsWithNoRouterHere() throws {
        try RequiredTool.require(["rdisc6", "tcpdump", "ip"])
        let lab = try VirtualLab()
        let root = try ScratchRoot(
            "ra",
            settings: [
                "DHCP_IFACES": "vs0", "SERVER_IP": "192.168.67.1", "DHCP_MODE": "off", "NAT": "no",
                "DNS_SERVERS": "192.168.67.1",
            ])
        defer { root.remove() }
        // Link-local addresses need duplicate address detection first.
        try waitForLinkLocal(lab.server, "vs0")
        try waitForLinkLocal(lab.client, "br0")
        let capture = try BackgroundProcess([
            "ip", "netns", "exec", lab.client.name, "tcpdump", "-l", "-n", "-v",
            "-i", "br0", "icmp6 and ip6[40] == 134",
        ])
        try capture.waitForLog("listening on br0")
        let serve = try ServeProcess(
            arguments: ["--root", root.path, "--only", "ra"], namespace: lab.server,
            ready: "router advertisements on vs0")
        let answer = try lab.client.exec(["rdisc6", "-1", "-w", "3000", "br0"], check: false)
        #expect(answer.succeeded, "\(answer.stderr) \(serve.log)")
        // rdisc6 aligns its columns with spaces: compare with single spaces.
        let words = answer.stdout.split(whereSeparator: { $0 == " " }).joined(separator: " ")
        #expect(words.contains("Router lifetime : 0 (0x00000000) seconds"), "\(answer.stdout)")
        #expect(words.contains("Stateful address conf. : No"))
        #expect(words.contains("Stateful other conf. : No"))
        #expect(!answer.stdout.contains("Prefix"))
        #expect(answer.stdout.contains("from fe80::"))
        try capture.waitForLog("hlim 255", timeout: 20)
        #expect(capture.log.contains("router advertisement"), "\(capture.log)")
        _ = try serve.terminate()
    }

    func waitForLinkLocal(_ namespace: NetworkNamespace, _ device: String) throws {
        for _ in 0..<100 {
            let addresses = try namespace.exec(["ip", "-6", "addr", "show", "dev", device, "scope", "link"]).stdout
            if addresses.contains("fe80::") && !addresses.contains("tentative") { return }
            usleep(100_000)
        }
        throw TestFailure("no link-local address on \(device) in \(namespace.name)")
    }
}
