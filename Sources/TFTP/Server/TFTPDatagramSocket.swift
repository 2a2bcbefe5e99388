import NIOCore
import Synchronization

import Glibc

/// The ephemeral-port UDP socket of one RRQ transfer, driven with plain POSIX calls from its transfer loop.
///
/// Why not NIO: in lock-step every block costs a wakeup, and going through NIO's event loop (its pipeline, its
/// timers) roughly doubled the CPU per block. Here a block is one `recvfrom` and one `sendto`, and the loop's one
/// `epoll_wait` serves every socket that is ready. The socket stays unconnected so that packets from a wrong TID
/// still arrive and can be answered with error 5 (RFC 1350 §4); a connected socket would never see them.
final class TFTPDatagramSocket: @unchecked Sendable {
    /// What one receive produced.
    enum Received {
        /// A datagram of `length` bytes; `fromPeer` tells whether it came from the transfer's client.
        case datagram(length: Int, fromPeer: Bool)
        /// The wait passed without a datagram: `SO_RCVTIMEO`, or at once for a receive that does not wait.
        case timedOut
        /// Reading was shut down (``shutdownReading()``), or the receive failed with `errno`.
        case failed(errno: CInt)
    }

    // Unchecked Sendable: only ``shutdownReading()`` is called from other threads. It and ``close()`` both hold
    // `closed`, so another thread never touches a closed (and maybe reused) descriptor.
    let descriptor: CInt
    private let closed = Mutex(false)
    private var peer = sockaddr_storage()
    private let peerLength: socklen_t
    /// The source of the last datagram received.
    private var source = sockaddr_storage()
    private var sourceLength: socklen_t = 0
    private var messages: [TFTPMessageVector.Header] = []
    private var vectors: [iovec] = []

    /// Opens a socket on `local` (port 0: the kernel picks the TID) for a transfer with `peer`.
    init(local: SocketAddress, peer: SocketAddress, bufferSize: Int) throws {
        let family: CInt
        switch local {
        case .v4: family = AF_INET
        case .v6: family = AF_INET6
        case .unixDomainSocket: throw TFTPError.illegalOperation(reason: "a transfer needs an IP address")
        }
        let type = CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(family, type, 0)
        guard descriptor >= 0 else { throw TFTPError.io(operation: "socket", errno: errno) }
        var size = CInt(clamping: bufferSize)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<CInt>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<CInt>.size))
        let bound = local.withSockAddr { address, length in bind(descriptor, address, socklen_t(length)) }
        guard bound == 0 else {
            let failure = errno
            Glibc.close(descriptor)
            throw TFTPError.io(operation: "bind", errno: failure)
        }
        self.descriptor = descriptor
        var storage = sockaddr_storage()
        self.peerLength = peer.withSockAddr { address, length in
            withUnsafeMutableBytes(of: &storage) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: min(length, target.count)))
            }
            return socklen_t(length)
        }
        self.peer = storage
    }

    deinit {
        self.close()
    }

    /// The address the kernel bound (the transfer's TID).
    var localPort: Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(self.descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        switch CInt(storage.ss_family) {
        case AF_INET:
            return withUnsafeBytes(of: &storage) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in.self).sin_port)) }
        case AF_INET6:
            return withUnsafeBytes(of: &storage) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in6.self).sin6_port)) }
        default:
            return nil
        }
    }

    /// Reads one datagram into `buffer`; with `wait`, waits for it (at most the receive timeout), else returns
    /// ``Received/timedOut`` at once when none is there.
    func receive(into buffer: UnsafeMutableRawBufferPointer, wait: Bool) -> Received {
        let flags = wait ? 0 : CInt(MSG_DONTWAIT)
        while true {
            self.sourceLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let got = withUnsafeMutablePointer(to: &self.source) { source in
                source.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(self.descriptor, buffer.baseAddress, buffer.count, flags, $0, &self.sourceLength)
                }
            }
            if got > 0 || (got == 0 && self.sourceLength > 0) {
                return .datagram(length: got, fromPeer: self.sourceIsPeer())
            }
            if got == 0 {
                // No source address: not a datagram but the end of reading after shutdownReading().
                return .failed(errno: ESHUTDOWN)
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                return .timedOut
            case let failure:
                return .failed(errno: failure)
            }
        }
    }

    /// How long a receive that waits waits at most (`SO_RCVTIMEO`); false when the socket would not take it.
    func setReceiveTimeout(_ timeout: TimeAmount) -> Bool {
        let microseconds = max(1, timeout.nanoseconds / 1000)
        var value = timeval(tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
        return setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size)) == 0
    }

    /// Sends one datagram to the client.
    func send(_ bytes: UnsafeRawBufferPointer) {
        _ = withUnsafePointer(to: &self.peer) { peer in
            peer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(self.descriptor, bytes.baseAddress, bytes.count, 0, $0, self.peerLength)
            }
        }
    }

    /// Sends one datagram made of `header` and `payload` (one `sendmsg`, the payload not copied).
    func send(header: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: header.baseAddress), iov_len: header.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: payload.baseAddress), iov_len: payload.count)
        )
        withUnsafeMutablePointer(to: &self.peer) { peer in
            withUnsafeMutableBytes(of: &vectors) { vectors in
                var message = msghdr()
                message.msg_name = UnsafeMutableRawPointer(peer)
                message.msg_namelen = self.peerLength
                message.msg_iov = vectors.baseAddress?.assumingMemoryBound(to: iovec.self)
                message.msg_iovlen = payload.isEmpty ? 1 : 2
                _ = sendmsg(self.descriptor, &message, 0)
            }
        }
    }

    /// Sends consecutive datagrams of `lengths` bytes, packed in `bytes`, to the client with as few `sendmmsg` calls
    /// as the kernel allows (one for a whole window, normally).
    ///
    /// A failed send is not reported: like a lost datagram, the retransmission timeout takes care of it.
    func send(_ bytes: UnsafeRawBufferPointer, lengths: [Int]) {
        guard lengths.count > 1, let base = bytes.baseAddress else {
            return self.send(bytes)
        }
        self.vectors.removeAll(keepingCapacity: true)
        var offset = 0
        for length in lengths {
            self.vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: base + offset), iov_len: length))
            offset += length
        }
        withUnsafeMutablePointer(to: &self.peer) { peer in
            self.vectors.withUnsafeMutableBufferPointer { vectors in
                self.messages.removeAll(keepingCapacity: true)
                for index in vectors.indices {
                    var header = msghdr()
                    header.msg_name = UnsafeMutableRawPointer(peer)
                    header.msg_namelen = self.peerLength
                    header.msg_iov = vectors.baseAddress.map { $0 + index }
                    header.msg_iovlen = 1
                    self.messages.append(TFTPMessageVector.Header(message: header))
                }
                var sent = 0
                while sent < self.messages.count {
                    let result = self.messages.withUnsafeMutableBufferPointer { messages -> Int in
                        guard let base = messages.baseAddress else { return 0 }
                        return TFTPMessageVector.send(self.descriptor, base + sent, count: messages.count - sent)
                    }
                    if result > 0 {
                        sent += result
                    } else if result < 0 && errno == EINTR {
                        continue
                    } else if result < 0 && errno == ENOSYS {
                        // No sendmmsg: one datagram at a time.
                        for vector in vectors[sent...] {
                            self.send(UnsafeRawBufferPointer(start: vector.iov_base, count: vector.iov_len))
                        }
                        return
                    } else {
                        return
                    }
                }
            }
        }
    }

    /// Answers the source of the last datagram (a wrong TID) with `bytes`.
    func replyToSource(_ bytes: UnsafeRawBufferPointer) {
        _ = withUnsafePointer(to: &self.source) { source in
            source.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(self.descriptor, bytes.baseAddress, bytes.count, 0, $0, self.sourceLength)
            }
        }
    }

    /// Wakes a ``receive(into:)`` blocked on another thread, for good: every later receive fails at once.
    ///
    /// Linux returns ENOTCONN for an unconnected UDP socket but still marks it shut down and wakes the reader.
    func shutdownReading() {
        self.closed.withLock { closed in
            guard !closed else { return }
            _ = shutdown(self.descriptor, CInt(SHUT_RD))
        }
    }

    func close() {
        self.closed.withLock { closed in
            guard !closed else { return }
            closed = true
            _ = Glibc.close(self.descriptor)
        }
    }

    /// RFC 1350 §4: the TID is the whole (address, port) pair.
    private func sourceIsPeer() -> Bool {
        withUnsafeBytes(of: &self.source) { source in
            withUnsafeBytes(of: &self.peer) { peer in
                guard source.load(as: sockaddr.self).sa_family == peer.load(as: sockaddr.self).sa_family else {
                    return false
                }
                switch CInt(peer.load(as: sockaddr.self).sa_family) {
                case AF_INET:
                    let a = source.load(as: sockaddr_in.self)
                    let b = peer.load(as: sockaddr_in.self)
                    return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr
                case AF_INET6:
                    let a = source.load(as: sockaddr_in6.self)
                    let b = peer.load(as: sockaddr_in6.self)
                    return a.sin6_port == b.sin6_port
                        && withUnsafeBytes(of: a.sin6_addr) { x in
                            withUnsafeBytes(of: b.sin6_addr) { x.elementsEqual($0) }
                        }
                default:
                    return false
                }
            }
        }
    }
}
