import Foundation
import ImageBuilder
import Testing

/// Where `image build` takes the client programs from: the server's own build, or `<dir>/<arch>/` for another
/// architecture (what `scripts/build-clients-i386` writes).
struct ClientProgramsTests {
    func folder(with programs: [String], under subfolder: String = "") throws -> String {
        let directory = NSTemporaryDirectory() + "kiwi-client-programs-\(UUID().uuidString)"
        let target = subfolder.isEmpty ? directory : directory + "/" + subfolder
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for program in programs {
            try #require(
                FileManager.default.createFile(
                    atPath: target + "/" + program, contents: Data("#!/bin/sh\n".utf8),
                    attributes: [.posixPermissions: 0o755]))
        }
        return directory
    }

    @Test func anotherArchitecturesProgramsComeFromItsSubfolder() throws {
        let directory = try folder(with: ClientPrograms.names, under: "i386")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["KIWI_LTSP_CLIENT_DIR": directory]
        let programs = try ClientPrograms.locate(arch: "i386", environment: environment, executable: "")
        #expect(programs.client == directory + "/i386/ltsp-client")
        #expect(programs.nbdAttach == directory + "/i386/ltsp-nbd-attach")
        #expect(programs.ldm == directory + "/i386/ldm")
        #expect(programs.greeter == directory + "/i386/ldm-greeter")
    }

    @Test func aMissingI386BuildNamesTheScriptThatMakesIt() throws {
        // The server's own programs are there; the i386 ones are not.
        let directory = try folder(with: ClientPrograms.names)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["KIWI_LTSP_CLIENT_DIR": directory]
        #expect(
            try ClientPrograms.locate(environment: environment, executable: "").client == directory + "/ltsp-client")
        do {
            _ = try ClientPrograms.locate(arch: "i386", environment: environment, executable: "")
            Issue.record("found i386 programs in \(directory)")
        } catch {
            let message = error.description
            #expect(message.contains("for i386"), "\(message)")
            #expect(message.contains(directory + "/i386"), "\(message)")
            #expect(message.contains("scripts/build-clients-i386"), "\(message)")
        }
    }
}
