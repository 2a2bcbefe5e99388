import DHCP
import Foundation
import LTSPConfig
import TestSupport
import Testing

@Suite struct DHCPLeaseJournalTests {
    static func lease(_ last: Int, state: DHCPLease.State = .bound, expiry: UInt64? = 9000) -> DHCPLease {
        DHCPLease(
            address: ip("192.168.67.\(last)"), hardwareAddress: DHCPHardwareAddress([0x52, 0x54, 0, 0, 0, UInt8(last)]),
            clientIdentifier: last % 2 == 0 ? [1, 2, UInt8(last)] : nil, expiry: expiry, state: state)
    }

    @Test func appendedRecordsAreRecovered() throws {
        let directory = try BuiltProducts.scratchDirectory("dhcp-journal") + "/var/lib/kiwi-ltsp"
        let (journal, first) = try DHCPLeaseJournal.open(directory: directory)
        #expect(first.leases.isEmpty)
        try journal.append([Self.lease(10), Self.lease(11, expiry: nil)])
        try journal.append([Self.lease(10, state: .released, expiry: 500), Self.lease(12, state: .declined)])
        journal.close()
        let (again, recovery) = try DHCPLeaseJournal.open(directory: directory)
        defer { again.close() }
        #expect(recovery.ignoredRecords == 0)
        #expect(recovery.leases == [Self.lease(10), Self.lease(11, expiry: nil),
                                    Self.lease(10, state: .released, expiry: 500), Self.lease(12, state: .declined)])
    }

    @Test func tornAndDamagedRecordsAreIgnored() throws {
        let directory = try BuiltProducts.scratchDirectory("dhcp-journal")
        let (journal, _) = try DHCPLeaseJournal.open(directory: directory)
        try journal.append([Self.lease(10), Self.lease(11)])
        let path = journal.path
        journal.close()
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "192.168.67.11", with: "192.168.67.99")  // CRC no longer matches
        text += "0badf00d bound 192.168.67.12 52:54"  // torn: no newline
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let (reopened, recovery) = try DHCPLeaseJournal.open(directory: directory)
        #expect(recovery.leases == [Self.lease(10)])
        #expect(recovery.ignoredRecords == 2)
        // Opening compacted the journal: the damage is gone and appends start on a clean line.
        try reopened.append([Self.lease(13)])
        reopened.close()
        let (_, clean) = try DHCPLeaseJournal.open(directory: directory)
        #expect(clean.ignoredRecords == 0 && clean.leases == [Self.lease(10), Self.lease(13)])
    }

    @Test func compactionKeepsOnlyTheSnapshot() throws {
        let directory = try BuiltProducts.scratchDirectory("dhcp-journal")
        let (journal, _) = try DHCPLeaseJournal.open(directory: directory)
        for round in 0..<50 { try journal.append([Self.lease(10, expiry: UInt64(round))]) }
        let before = journal.size
        try journal.compact([Self.lease(10, expiry: 49)])
        #expect(journal.size < before / 10)
        try journal.append([Self.lease(11)])
        journal.close()
        let (_, recovery) = try DHCPLeaseJournal.open(directory: directory)
        #expect(recovery.leases == [Self.lease(10, expiry: 49), Self.lease(11)])
        #expect(!FileManager.default.fileExists(atPath: directory + "/dhcp-leases.journal.tmp"))
    }

    @Test func aSecondServerCannotOpenTheSameDirectory() throws {
        let directory = try BuiltProducts.scratchDirectory("dhcp-journal")
        let (journal, _) = try DHCPLeaseJournal.open(directory: directory)
        defer { journal.close() }
        #expect(throws: DHCPError.self) { try DHCPLeaseJournal.open(directory: directory) }
    }

    /// A child process appends through the store and reports each record after `append` returned; it is killed with
    /// SIGKILL mid-stream. Every reported record must be recovered.
    @Test func recordsSurviveSIGKILLOfTheWriter() throws {
        if let directory = ProcessInfo.processInfo.environment["KIWI_DHCP_JOURNAL_CHILD"] {
            try Self.childWriter(directory: directory)
            return
        }
        let directory = try BuiltProducts.scratchDirectory("dhcp-journal-kill")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = Self.childArguments()
        process.environment = ProcessInfo.processInfo.environment.merging(["KIWI_DHCP_JOURNAL_CHILD": directory]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Let it write for a while, then kill it without warning.
        Thread.sleep(forTimeInterval: 2.5)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let acknowledged = text.split(separator: "\n").compactMap { $0.hasPrefix("durable ") ? Int($0.dropFirst(8)) : nil }
        #expect(process.terminationReason == .uncaughtSignal)
        try #require(acknowledged.count > 10, "the child wrote too little: \(text.prefix(500))")
        let (journal, recovery) = try DHCPLeaseJournal.open(directory: directory)
        defer { journal.close() }
        let recovered = Set(recovery.leases.compactMap { $0.expiry.map(Int.init) })
        let lost = acknowledged.filter { !recovered.contains($0) }
        #expect(lost.isEmpty, "records reported durable but lost: \(lost.prefix(10))")
    }

    static func childWriter(directory: String) throws {
        let (journal, _) = try DHCPLeaseJournal.open(directory: directory)
        var sequence = 0
        while true {
            let batch = (0..<8).map { offset in
                Self.lease(2 + (sequence + offset) % 250, expiry: UInt64(sequence + offset))
            }
            try journal.append(batch)
            let text = batch.map { "durable \($0.expiry ?? 0)\n" }.joined()
            FileHandle.standardOutput.write(Data(text.utf8))
            sequence += 8
        }
    }

    /// The arguments that rerun only this test in a child (swift-testing or XCTest runner).
    static func childArguments() -> [String] {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var result: [String] = []
        var skip = false
        for argument in arguments {
            if skip { skip = false; continue }
            if argument == "--filter" || argument == "--skip" { skip = true; continue }
            result.append(argument)
        }
        return result + ["--filter", "recordsSurviveSIGKILLOfTheWriter"]
    }
}
