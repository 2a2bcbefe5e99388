import Foundation
import NBD
import NBDWire
import NIOCore

/// A small blocking NBD client over a plain socket, to send exactly the bytes a test wants (including wrong ones)
/// and read exactly what the server answers.
final class RawNBDClient {
    let descriptor: CInt

    init(port: Int, timeoutSeconds: Int = 10) throws {
        self.descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard self.descriptor >= 0 else { throw NBDTestError("socket: \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(self.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(self.descriptor)
            throw NBDTestError("connect to port \(port): errno \(errno)")
        }
    }

    deinit { close(self.descriptor) }

    func send(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let sent = bytes[done...].withUnsafeBytes { Glibc.send(self.descriptor, $0.baseAddress, $0.count, 0) }
            guard sent > 0 else { throw NBDTestError("send: errno \(errno)") }
            done += sent
        }
    }

    func send(_ build: (inout ByteBuffer) -> Void) throws {
        var buffer = ByteBuffer()
        build(&buffer)
        try self.send(Array(buffer.readableBytesView))
    }

    /// Exactly `count` bytes; throws on timeout or when the server closes first.
    func receive(_ count: Int) throws -> ByteBuffer {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let received = bytes[done...].withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
            if received == 0 { throw NBDTestError("connection closed after \(done) of \(count) bytes") }
            guard received > 0 else { throw NBDTestError("recv: errno \(errno)") }
            done += received
        }
        return ByteBuffer(bytes: bytes)
    }

    /// True when the server has closed the connection (reads end of stream) within the timeout.
    func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        while true {
            let received = recv(self.descriptor, &byte, 1, 0)
            if received == 0 { return true }
            if received < 0 { return errno == ECONNRESET }
        }
    }

    // MARK: Protocol steps

    /// Reads the greeting and answers with `flags`.
    func greet(flags: UInt32 = 3) throws {
        var greeting = try self.receive(18)
        guard greeting.readInteger(as: UInt64.self) == NBDMagic.initial,
            greeting.readInteger(as: UInt64.self) == NBDMagic.option
        else { throw NBDTestError("bad greeting") }
        try self.send { $0.writeInteger(flags) }
    }

    /// One option reply: option, type, data.
    func receiveOptionReply() throws -> (option: UInt32, type: UInt32, data: ByteBuffer) {
        var header = try self.receive(20)
        guard header.readInteger(as: UInt64.self) == NBDMagic.optionReply,
            let option = header.readInteger(as: UInt32.self),
            let type = header.readInteger(as: UInt32.self),
            let length = header.readInteger(as: UInt32.self)
        else { throw NBDTestError("bad option reply") }
        return (option, type, length == 0 ? ByteBuffer() : try self.receive(Int(length)))
    }

    /// Greets, sends `NBD_OPT_GO` for `name` and reads the replies up to the ACK; returns the export size.
    @discardableResult
    func attach(_ name: String) throws -> UInt64 {
        try self.greet()
        var data = ByteBuffer()
        data.writeNBDExportQuery(NBDExportQuery(name: name, requestedInformation: []))
        try self.send { $0.writeNBDOption(.go, data: data) }
        var size: UInt64 = 0
        while true {
            let reply = try self.receiveOptionReply()
            if reply.type == NBDOptionReplyType.ack.rawValue { return size }
            guard reply.type == NBDOptionReplyType.info.rawValue else {
                throw NBDTestError("NBD_OPT_GO answered 0x\(String(reply.type, radix: 16))")
            }
            var info = reply.data
            if info.readInteger(as: UInt16.self) == 0, let exportSize = info.readInteger(as: UInt64.self) {
                size = exportSize
            }
        }
    }

    func request(
        _ command: NBDCommand, handle: UInt64, offset: UInt64, length: UInt32,
        flags: NBDCommandFlags = [], payload: [UInt8] = []
    ) throws {
        try self.send {
            $0.writeNBDRequest(
                NBDRequest(
                    flags: flags, command: command, handle: handle, offset: offset,
                    length: length))
            $0.writeBytes(payload)
        }
    }

    /// A simple reply header: (error, handle).
    func receiveReply() throws -> (error: UInt32, handle: UInt64) {
        var header = try self.receive(16)
        guard header.readInteger(as: UInt32.self) == NBDMagic.simpleReply,
            let error = header.readInteger(as: UInt32.self),
            let handle = header.readInteger(as: UInt64.self)
        else { throw NBDTestError("bad simple reply") }
        return (error, handle)
    }
}
