import Foundation
import LTSPConfig
import NetworkValues
import TestSupport
import Testing
import ThinClient

/// The printer service on loopback with real sockets: jobs whole and one at a time, refusals, a missing device, and
/// a serial line (a pseudo-terminal) set up from lts.conf.
@Suite(.serialized)
struct PrinterServiceTests {
    static let localhost = IPv4Address("127.0.0.1")!

    /// Connects from `source`, sends `bytes` in pieces, half-closes, and waits for the server to close: true when it
    /// closed after reading it all (the job is on the device then), false when it cut the connection.
    @discardableResult
    static func deliver(_ bytes: [UInt8], port: Int, source: String = "127.0.0.1", pause: useconds_t = 0) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port)).bigEndian
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &local) { localPointer in
            withUnsafePointer(to: &remote) { remotePointer in
                localPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, 16) } == 0
                    && remotePointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, 16) }
                        == 0
            }
        }
        guard connected else { return false }
        var offset = 0
        while offset < bytes.count {
            let count = min(256 * 1024, bytes.count - offset)
            let written = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return false }
            offset += written
            if pause > 0 { usleep(pause) }
        }
        shutdown(descriptor, Int32(SHUT_WR))
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) == 0
    }

    static func job(_ size: Int, seed: UInt8) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) }
    }

    static func scratch(_ name: String) -> String {
        NSTemporaryDirectory() + "/kiwi-printer-\(UUID().uuidString)-\(name)"
    }

    /// Serves `count` connections on a thread of its own; the returned group is left when they are done.
    static func serve(_ service: PrinterService, _ count: Int) -> DispatchGroup {
        let group = DispatchGroup()
        group.enter()
        Thread {
            for _ in 0..<count { service.serveNext() }
            group.leave()
        }.start()
        return group
    }

    @Test func twoJobsAtOnceReachTheDeviceWholeOneAfterTheOther() throws {
        let device = Self.scratch("device")
        _ = FileManager.default.createFile(atPath: device, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: device) }
        let service = try PrinterService(
            PrinterDefinition(index: 0, device: device, port: 0),
            allowed: [Self.localhost], bindAddress: Self.localhost)
        let done = Self.serve(service, 2)
        let first = Self.job(3 << 20, seed: 1), second = Self.job(2 << 20, seed: 2)
        let clients = DispatchGroup()
        let results = Shared([false, false])
        for (index, job) in [first, second].enumerated() {
            // The second job connects once the first is being printed (its first bytes are on the device); the
            // first is sent in pieces with a pause between them, so it is normally still arriving then.
            if index == 1 {
                try Poll.until("the first job to reach the device") {
                    ((try? FileManager.default.attributesOfItem(atPath: device)[.size] as? Int) ?? 0) > 0
                }
            }
            clients.enter()
            Thread {
                let result = Self.deliver(job, port: service.port, pause: index == 0 ? 20_000 : 0)
                results.update { $0[index] = result }
                clients.leave()
            }.start()
        }
        #expect(clients.wait(timeout: .now() + 60) == .success)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(results.value == [true, true], "both jobs were taken whole")
        let printed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: device)))
        // Compared as a Bool: a failing #expect on two 5 MiB arrays would spend minutes computing their difference.
        let inOrder = printed == first + second
        #expect(inOrder, "\(printed.count) bytes printed; the second job must wait for the first, nothing interleaved")
    }

    @Test func aConnectionFromAnotherAddressIsRefusedAndPrintsNothing() throws {
        let device = Self.scratch("device")
        _ = FileManager.default.createFile(atPath: device, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: device) }
        let service = try PrinterService(
            PrinterDefinition(index: 1, device: device, port: 0),
            allowed: [IPv4Address("127.0.0.2")!], bindAddress: Self.localhost)
        let done = Self.serve(service, 2)
        #expect(!Self.deliver(Self.job(1 << 20, seed: 3), port: service.port, source: "127.0.0.1"))
        #expect(Self.deliver(Self.job(1000, seed: 4), port: service.port, source: "127.0.0.2"))
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: device))) == Self.job(1000, seed: 4))
    }

    @Test func aMissingDeviceClosesTheConnectionAndTheNextJobPrints() throws {
        let device = Self.scratch("missing")
        defer { try? FileManager.default.removeItem(atPath: device) }
        let service = try PrinterService(
            PrinterDefinition(index: 2, device: device, port: 0),
            allowed: [Self.localhost], bindAddress: Self.localhost)
        let done = Self.serve(service, 2)
        let started = Date()
        _ = Self.deliver(Self.job(1000, seed: 5), port: service.port)
        #expect(Date().timeIntervalSince(started) < 5, "closed at once, no hang")
        _ = FileManager.default.createFile(atPath: device, contents: nil)
        #expect(Self.deliver(Self.job(1000, seed: 6), port: service.port))
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: device))) == Self.job(1000, seed: 6))
    }

    /// A pseudo-terminal stands in for the serial port: the line gets lts.conf's settings and the job arrives on the
    /// other side byte for byte.
    @Test func aSerialPrinterGetsItsLineSettings() throws {
        var master: Int32 = -1, slave: Int32 = -1
        try #require(openpty(&master, &slave, nil, nil, nil) == 0)
        defer { close(master); close(slave) }
        let path = String(cString: ttyname(slave))
        var serial = SerialSettings()
        serial.speed = 19200
        serial.dataBits = 7
        serial.parity = .even
        serial.flowControl = .hardware
        let service = try PrinterService(
            PrinterDefinition(index: 0, device: path, port: 0, serial: serial),
            allowed: [Self.localhost], bindAddress: Self.localhost)
        let job = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 % 127) }
        let received = Shared([UInt8]())
        let reader = DispatchGroup()
        reader.enter()
        let side = master
        Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while received.value.count < job.count {
                let count = read(side, &buffer, buffer.count)
                if count <= 0 { break }
                received.update { $0 += buffer[0..<count] }
            }
            reader.leave()
        }.start()
        let done = Self.serve(service, 1)
        #expect(Self.deliver(job, port: service.port))
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(reader.wait(timeout: .now() + 10) == .success)
        let same = received.value == job
        #expect(same, "\(received.value.count) of \(job.count) bytes")
        var attributes = termios()
        try #require(tcgetattr(slave, &attributes) == 0)
        // A pseudo-terminal keeps 8 data bits and no parity whatever it is told; speed and flow control stick.
        #expect(cfgetospeed(&attributes) == speed_t(B19200))
        #expect(attributes.c_cflag & tcflag_t(0x8000_0000) != 0, "RTS/CTS")
        #expect(attributes.c_iflag & tcflag_t(IXON) == 0)
        #expect(attributes.c_lflag & tcflag_t(ICANON | ECHO) == 0, "raw")
    }

    /// The line settings as termios flags (the part a pseudo-terminal cannot show).
    @Test(arguments: [
        (7, SerialSettings.Parity.even, CS7, PARENB), (8, .odd, CS8, PARENB | PARODD), (5, .none, CS5, 0),
    ])
    func dataBitsAndParityBecomeTermiosFlags(bits: Int, parity: SerialSettings.Parity, size: Int32, parityFlags: Int32)
    {
        var settings = SerialSettings()
        settings.dataBits = bits
        settings.parity = parity
        let attributes = SerialPort.attributes(settings, from: termios())
        #expect(attributes.c_cflag & tcflag_t(CSIZE) == tcflag_t(size))
        #expect(attributes.c_cflag & tcflag_t(PARENB | PARODD) == tcflag_t(parityFlags))
        #expect(attributes.c_cflag & tcflag_t(CSTOPB) == 0, "one stop bit")
        #expect(attributes.c_iflag & tcflag_t(IXON | IXOFF) == tcflag_t(IXON | IXOFF), "XON/XOFF by default")
    }
}

/// A value threads share under a lock.
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
