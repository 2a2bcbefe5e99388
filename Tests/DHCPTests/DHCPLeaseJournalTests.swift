import DHCP
import Foundation
import TestSupport
import Testing

@Suite struct DHCPLeaseJournalTests {
    static func lease(_ last: Int, state: DHCPLease.State = .bound, expiry: UInt64? = 9000) -> DHCPLease {
        DHCPLease(
            address: ip("192.168.67.\(last)"),
            hardwareAddress: DHCPHardwareAddress([0x52, 0x54, 0, 0, 0, UInt8(last)]),
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
        #expect(
            recovery.leases == [
                Self.lease(10), Self.lease(11, expiry: nil),
                Self.lease(10, state: .released, expiry: 500), Self.lease(12, state: .declined),
            ])
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

    /// A full disk cuts an append short: the partial record is cut back, so the next record after space comes back
    /// is readable and nothing an `append` accepted is lost.
    @Test(.enabled(if: RequiredTool.available(["mount", "umount"]), "needs root and mount"))
    func aPartialAppendOnAFullDiskIsCutBack() throws {
        let directory = try BuiltProducts.scratchDirectory("dhcp-journal-full")
        try #require(Command.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", directory]).succeeded)
        defer { _ = try? Command.run(["umount", directory]) }
        let filler = directory + "/filler"
        try Data(count: 32 << 10).write(to: URL(fileURLWithPath: filler))
        let (journal, _) = try DHCPLeaseJournal.open(directory: directory)
        var accepted: [DHCPLease] = []
        var failed = false
        for batch in 0..<1000 where !failed {
            let records = (0..<7).map { Self.lease(10 + (batch * 7 + $0) % 200, expiry: UInt64(batch)) }
            do {
                try journal.append(records)
                accepted += records
            } catch {
                failed = true
            }
        }
        #expect(failed, "the 64 KiB file system never filled up")
        // Opened again on the still full disk (a restart after SIGKILL), with a torn record at the end: there is
        // no room for a compacted copy, so the journal is kept, cut back to its whole records.
        journal.close()
        let tornTail = open(journal.path, O_WRONLY | O_APPEND)
        let torn = [UInt8]("lease 10.0.0.9".utf8)
        let tornWritten = write(tornTail, torn, torn.count)
        close(tornTail)
        let (full, fullRecovery) = try DHCPLeaseJournal.open(directory: directory)
        #expect(fullRecovery.leases == accepted)
        #expect(fullRecovery.ignoredRecords == (tornWritten > 0 ? 1 : 0))
        #expect(!FileManager.default.fileExists(atPath: full.path + ".tmp"), "a failed snapshot leaves no temp file")
        try FileManager.default.removeItem(atPath: filler)
        let last = Self.lease(250)
        try full.append([last])
        full.close()
        let (reopened, recovery) = try DHCPLeaseJournal.open(directory: directory)
        reopened.close()
        #expect(recovery.ignoredRecords == 0)
        #expect(recovery.leases.count == accepted.count + 1 && recovery.leases.last == last)
        #expect(recovery.leases == accepted + [last], "the recovered records differ from the accepted ones")
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
        // Let it write until it has reported 500 records (it never stops by itself), reading as it goes so that it
        // never waits on a full pipe, then kill it without warning.
        let reader = output.fileHandleForReading.fileDescriptor
        _ = fcntl(reader, F_SETFL, fcntl(reader, F_GETFL) | O_NONBLOCK)
        var received = Data()
        func durable() -> [Int] {
            String(decoding: received, as: UTF8.self).split(separator: "\n")
                .compactMap { $0.hasPrefix("durable ") ? Int($0.dropFirst(8)) : nil }
        }
        try Poll.until("the child to report 500 durable records") {
            received.append(Self.readAvailable(reader))
            return durable().count >= 500 || !process.isRunning
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = fcntl(reader, F_SETFL, fcntl(reader, F_GETFL) & ~O_NONBLOCK)
        received.append(output.fileHandleForReading.readDataToEndOfFile())
        let text = String(decoding: received, as: UTF8.self)
        let acknowledged = durable()
        #expect(process.terminationReason == .uncaughtSignal)
        try #require(acknowledged.count > 10, "the child wrote too little: \(text.prefix(500))")
        let (journal, recovery) = try DHCPLeaseJournal.open(directory: directory)
        defer { journal.close() }
        let recovered = Set(recovery.leases.compactMap { $0.expiry.map(Int.init) })
        let lost = acknowledged.filter { !recovered.contains($0) }
        #expect(lost.isEmpty, "records reported durable but lost: \(lost.prefix(10))")
    }

    /// What a non-blocking `descriptor` holds now (nothing when it is empty or at its end).
    static func readAvailable(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while case let count = read(descriptor, &buffer, buffer.count), count > 0 {
            data.append(contentsOf: buffer[0..<count])
        }
        return data
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
