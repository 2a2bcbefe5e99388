import Foundation
import SystemSupport
import Testing

struct UnixStreamSocketTests {
    private func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "kiwi-ltsp-unix-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A listening socket at `path`, made with the plain calls (not the code under test).
    private func listen(at path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0 && Glibc.listen(descriptor, 1) == 0)
        return descriptor
    }

    @Test func connectsToAListeningSocketAndTheServerAcceptsIt() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try listen(at: directory + "/s.sock")
        defer { close(server) }
        let client = try UnixStreamSocket.connect(directory + "/s.sock")
        defer { close(client) }
        let accepted = accept(server, nil, nil)
        #expect(accepted >= 0)
        close(accepted)
        #expect(fcntl(client, F_GETFD) & FD_CLOEXEC != 0)
    }

    @Test func nothingAtThePathIsENOENTAndASocketNobodyListensOnIsECONNREFUSED() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try UnixStreamSocket.connect(directory + "/none.sock")
            Issue.record("connected to a path where nothing is")
        } catch {
            #expect(error.errno == ENOENT)
            #expect(error.description.hasPrefix("cannot connect to \(directory)/none.sock: "))
        }
        let stale = try listen(at: directory + "/stale.sock")
        close(stale)
        do {
            _ = try UnixStreamSocket.connect(directory + "/stale.sock")
            Issue.record("connected to a closed socket")
        } catch {
            #expect(error.errno == ECONNREFUSED)
        }
    }

    @Test func aPathTooLongForSunPathIsRefusedWithoutASyscallError() {
        let path = "/" + String(repeating: "x", count: 200)
        do {
            _ = try UnixStreamSocket.connect(path)
            Issue.record("a 201-byte path was accepted")
        } catch {
            #expect(error.errno == nil)
            #expect(error.description == "socket path too long: \(path)")
        }
    }
}
