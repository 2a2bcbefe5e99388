import Foundation
import Testing
@testable import BootServer

struct BootTimelineTests {
    static let mac = "52:54:00:12:34:56"
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func dhcp(
        _ stage: BootEvent.Stage, _ address: String?, at seconds: Double,
        firmware: String = "BIOS PXE"
    ) -> BootEvent {
        BootEvent(time: at(seconds), stage: stage, address: address, firmware: firmware, bootFile: "lpxelinux.0")
    }

    static func tftp(
        _ file: String, from peer: String, bytes: Int64 = 8 << 20, seconds: Double = 1.2,
        at time: Double
    ) -> BootEvent {
        BootEvent.tftpRead(file: file, peer: peer, bytes: bytes, seconds: seconds, error: nil, time: at(time))
    }

    @Test func aBootIsOneRecordUnderTheMACInTheOrderItHappened() throws {
        var timeline = BootTimeline()
        timeline.record(Self.dhcp(.dhcpOffer, "192.168.67.20", at: 0), mac: "52:54:00:12:34:56")
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.20", at: 0.1), mac: "52-54-00-12-34-56")
        #expect(
            timeline.record(Self.tftp("lpxelinux.0", from: "192.168.67.20", at: 0.5), from: "192.168.67.20")
                == Self.mac)
        timeline.record(Self.tftp("/KIWI/lts.conf", from: "192.168.67.20", bytes: 300, at: 9), from: "192.168.67.20")
        timeline.record(
            BootEvent(time: Self.at(7), stage: .nbdAttach, address: "192.168.67.20", export: "amd64"),
            from: "192.168.67.20")

        let clients = timeline.clients
        #expect(clients.count == 1)
        let client = try #require(clients.first)
        #expect(client.client == Self.mac)
        #expect(client.mac == Self.mac)
        #expect(client.address == "192.168.67.20")
        #expect(client.firmware == "BIOS PXE")
        #expect(client.stages == [.dhcpOffer, .dhcpAck, .tftp, .ltsConf, .nbdAttach])
        #expect(
            client.events.map(\.stage) == [.dhcpOffer, .dhcpAck, .tftp, .ltsConf, .nbdAttach],
            "events stay in the order they were reported")
        #expect(client.firstSeen == Self.t0)
        #expect(client.lastSeen == Self.at(9))
        #expect(client.offset(of: client.events[2]) == 0.5)
    }

    @Test func anAddressThisServerDidNotLeaseKeepsItsOwnRecord() {
        var timeline = BootTimeline()
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.20", at: 0), mac: Self.mac)
        #expect(
            timeline.record(Self.tftp("lpxelinux.0", from: "192.168.67.77", at: 1), from: "192.168.67.77")
                == "192.168.67.77")
        #expect(timeline.client("192.168.67.77")?.mac == nil)
        #expect(timeline.clients.map(\.client) == [Self.mac, "192.168.67.77"], "first seen first")
    }

    @Test func anOfferAloneDoesNotMapTheAddressAndAReleaseUnmapsIt() {
        var timeline = BootTimeline()
        timeline.record(Self.dhcp(.dhcpOffer, "192.168.67.20", at: 0), mac: Self.mac)
        #expect(timeline.mac(for: "192.168.67.20") == nil)
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.20", at: 1), mac: Self.mac)
        #expect(timeline.mac(for: "192.168.67.20") == Self.mac)
        timeline.record(Self.dhcp(.dhcpRelease, "192.168.67.20", at: 2), mac: Self.mac)
        #expect(timeline.mac(for: "192.168.67.20") == nil)
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.20", at: 3), mac: "52:54:00:00:00:02")
        #expect(
            timeline.record(Self.tftp("x", from: "192.168.67.20", at: 4), from: "192.168.67.20")
                == "52:54:00:00:00:02", "the address now belongs to the client it was leased to last")
    }

    @Test func eachClientKeepsItsLastEventsOnly() throws {
        var timeline = BootTimeline(maxClients: 4, maxEventsPerClient: 3)
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.20", at: 0), mac: Self.mac)
        for index in 1...5 {
            timeline.record(Self.tftp("file\(index)", from: "192.168.67.20", at: Double(index)), from: "192.168.67.20")
        }
        let client = try #require(timeline.client(Self.mac))
        #expect(client.events.map(\.file) == ["file3", "file4", "file5"])
        #expect(client.droppedEvents == 3)
        #expect(client.stages == [.dhcpAck, .tftp], "the stages seen stay, dropped events included")
        #expect(client.firstSeen == Self.t0)
    }

    @Test func theLeastRecentlyActiveClientGoesFirst() {
        var timeline = BootTimeline(maxClients: 2, maxEventsPerClient: 8)
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.20", at: 0), mac: "52:54:00:00:00:01")
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.21", at: 1), mac: "52:54:00:00:00:02")
        timeline.record(Self.tftp("again", from: "192.168.67.20", at: 2), from: "192.168.67.20")
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.22", at: 3), mac: "52:54:00:00:00:03")
        #expect(timeline.clients.map(\.client) == ["52:54:00:00:00:01", "52:54:00:00:00:03"])
        #expect(timeline.mac(for: "192.168.67.21") == nil, "an evicted client's address is forgotten too")
        for index in 0..<300 {
            timeline.record(
                Self.dhcp(.dhcpOffer, nil, at: Double(10 + index)),
                mac: String(format: "52:54:00:00:%02x:%02x", index / 256, index % 256))
        }
        #expect(timeline.clients.count == 2)
    }

    @Test(
        arguments: [
            ("KIWI/lts.conf", nil, BootEvent.Stage.ltsConf), ("/KIWI/lts.conf", nil, .ltsConf),
            ("KIWI//lts.conf", nil, .ltsConf), ("KIWI/lts.conf", "timed out", .tftp), ("kiwi/lts.conf", nil, .tftp),
            ("KIWI/linux-ltsp", nil, .tftp),
        ] as [(String, String?, BootEvent.Stage)])
    func readingLTSConfIsItsOwnStage(file: String, error: String?, stage: BootEvent.Stage) {
        let event = BootEvent.tftpRead(
            file: file, peer: "10.0.0.2", bytes: 10, seconds: 0.1, error: error,
            time: Self.t0)
        #expect(event.stage == stage)
    }

    @Test func summariesAreTheLogLines() {
        #expect(
            Self.tftp("KIWI/linux-ltsp", from: "192.168.67.20", bytes: 8 << 20, seconds: 1.2, at: 0).summary
                == "tftp KIWI/linux-ltsp 8.0 MiB in 1.20 s (6.7 MiB/s)")
        #expect(
            Self.tftp("KIWI/lts.conf", from: "192.168.67.20", bytes: 312, seconds: 0, at: 0).summary
                == "lts-conf KIWI/lts.conf 312 B in 0.00 s: ltsp-client fetched lts.conf")
        #expect(
            BootEvent.tftpRead(
                file: "pxelinux.cfg/default", peer: nil, bytes: 2048, seconds: 5,
                error: "timed out", time: Self.t0
            ).summary
                == "tftp pxelinux.cfg/default failed after 2.0 KiB in 5.00 s: timed out")
        #expect(
            Self.dhcp(.dhcpAck, "192.168.67.20", at: 0, firmware: "UEFI x64").summary
                == "DHCPACK 192.168.67.20 (UEFI x64) boot lpxelinux.0")
        #expect(
            BootEvent(time: Self.t0, stage: .nbdAttach, address: "192.168.67.20", export: "amd64").summary
                == "nbd-attach amd64 from 192.168.67.20")
        #expect(
            BootEvent(time: Self.t0, stage: .nbdDetach, bytes: 3 << 30, seconds: 61.25, export: "amd64").summary
                == "nbd-detach amd64 after 61.3 s, 3.0 GiB read")
    }

    /// The field names are an interface for scripts (`kiwi-ltsp status --format json`).
    @Test func theStatusDocumentHasStableFieldNamesAndRoundTrips() throws {
        var timeline = BootTimeline()
        timeline.record(Self.dhcp(.dhcpAck, "192.168.67.20", at: 0), mac: Self.mac)
        timeline.record(
            Self.tftp("KIWI/linux-ltsp", from: "192.168.67.20", bytes: 1000, seconds: 0.5, at: 1.25),
            from: "192.168.67.20")
        let document = BootStatusDocument(
            server: .init(pid: 42, started: Self.t0, configuration: "/etc/sysconfig/kiwi-ltsp", services: ["dhcp"]),
            clients: timeline.clients)
        let data = try document.encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let server = try #require(object["server"] as? [String: Any])
        #expect(Set(server.keys) == ["pid", "started", "configuration", "services"])
        #expect(server["started"] as? String == "2023-11-14T22:13:20.000Z")
        let client = try #require((object["clients"] as? [[String: Any]])?.first)
        #expect(
            Set(client.keys) == [
                "client", "mac", "address", "firmware", "firstSeen", "lastSeen", "events",
                "stages", "droppedEvents",
            ])
        #expect(client["stages"] as? [String] == ["dhcp-ack", "tftp"])
        let events = try #require(client["events"] as? [[String: Any]])
        #expect(Set(events[0].keys) == ["time", "stage", "address", "firmware", "bootFile"])
        #expect(Set(events[1].keys) == ["time", "stage", "address", "file", "bytes", "seconds", "bytesPerSecond"])
        #expect(events[1]["time"] as? String == "2023-11-14T22:13:21.250Z")
        #expect(events[1]["bytesPerSecond"] as? Double == 2000)
        #expect(try BootStatusDocument.decode(data) == document)
    }
}
