import CKiwiSystem
import Glibc
import Logging

/// The AoE target's I/O loop on its own thread: batches of frames in (`recvmmsg`), the answers out (`sendmmsg`).
/// Buffers are allocated once; a frame is copied once on the way in and a sector once on the way out.
struct AoEServerLoop {
    /// `struct mmsghdr`: a `msghdr` and the byte count the kernel fills in (same layout and stride as C).
    struct MessageHeader {
        var message = msghdr()
        var length: CUnsignedInt = 0
    }

    /// One direction's buffers: a frame buffer, an address and a header per message.
    final class Batch {
        let count: Int
        let frameSize: Int
        let frames: UnsafeMutableRawPointer
        let addresses: UnsafeMutablePointer<sockaddr_ll>
        let vectors: UnsafeMutablePointer<iovec>
        let headers: UnsafeMutablePointer<MessageHeader>

        init(count: Int, frameSize: Int) {
            self.count = count
            self.frameSize = frameSize
            frames = .allocate(byteCount: count * frameSize, alignment: 16)
            addresses = .allocate(capacity: count)
            vectors = .allocate(capacity: count)
            headers = .allocate(capacity: count)
            addresses.initialize(repeating: sockaddr_ll(), count: count)
            for index in 0..<count {
                vectors[index] = iovec(iov_base: frames + index * frameSize, iov_len: frameSize)
                var header = MessageHeader()
                header.message.msg_name = UnsafeMutableRawPointer(addresses + index)
                header.message.msg_namelen = socklen_t(MemoryLayout<sockaddr_ll>.size)
                header.message.msg_iov = vectors + index
                header.message.msg_iovlen = 1
                (headers + index).initialize(to: header)
            }
        }

        deinit {
            frames.deallocate()
            addresses.deallocate()
            vectors.deallocate()
            headers.deallocate()
        }

        /// Ready to receive again: full-size buffers, room for an address.
        func reset(_ used: Int) {
            for index in 0..<used {
                vectors[index].iov_len = frameSize
                headers[index].message.msg_namelen = socklen_t(MemoryLayout<sockaddr_ll>.size)
                headers[index].length = 0
            }
        }
    }

    /// `sll_pkttype` of a frame this host sent (packet sockets see those too).
    static let outgoing: UInt8 = 4

    let socket: AoEPacketSocket
    var target: AoETarget
    let name: String
    let configuration: AoEServerConfiguration
    var clients: AoEClientTable<AoEImage>
    var current: AoEImage?
    var reportedMissing = false

    init(socket: AoEPacketSocket, target: AoETarget, name: String, configuration: AoEServerConfiguration) {
        self.socket = socket
        self.target = target
        self.name = name
        self.configuration = configuration
        clients = AoEClientTable(capacity: configuration.maxClients)
    }

    /// Serves until `stopped()` is true (checked at least every 250 ms: the socket's receive timeout). One blocking
    /// `recvmmsg` takes whatever frames are there (at least one), one `sendmmsg` answers them: two system calls per
    /// batch, whether a batch is one frame or the whole window.
    mutating func run(
        stopped: () -> Bool, logger: Logger, onEvent: (AoEEvent) -> Void, count: (Int, Int, Int) -> Void
    ) {
        let frameSize = max(configuration.mtu, 1500)
        let incoming = Batch(count: max(1, configuration.batch), frameSize: frameSize)
        let outgoing = Batch(count: max(1, configuration.batch), frameSize: frameSize)
        while !stopped() {
            let received = Int(
                kiwi_recvmmsg(
                    socket.descriptor, UnsafeMutableRawPointer(incoming.headers), CUnsignedInt(incoming.count),
                    Int32(MSG_WAITFORONE)))
            guard received > 0 else {
                if received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                    logger.error("AoE: recvmmsg: \(String(cString: strerror(errno)))")
                    return
                }
                continue
            }
            var replies = 0
            var sectors = 0
            for index in 0..<received {
                let address = incoming.addresses[index]
                guard address.sll_pkttype != Self.outgoing else { continue }
                let length = Int(incoming.headers[index].length)
                let frame = [UInt8](UnsafeRawBufferPointer(start: incoming.frames + index * frameSize, count: length))
                let mac = withUnsafeBytes(of: address.sll_addr) { Array($0.prefix(6)) }
                guard let (reply, image) = answer(frame, from: mac, logger: logger, onEvent: onEvent) else {
                    continue
                }
                let size = reply.bytes.count + Int(reply.sectors?.count ?? 0) * 512
                guard size <= frameSize else { continue }
                let buffer = outgoing.frames + replies * frameSize
                reply.bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                if let range = reply.sectors, let image {
                    image.copy(range, to: buffer + reply.bytes.count)
                    sectors += range.count
                }
                outgoing.vectors[replies].iov_len = size
                outgoing.addresses[replies] = AoEPacketSocket.address(index: socket.index, mac: mac)
                replies += 1
            }
            send(outgoing, replies)
            incoming.reset(received)
            count(received, replies, sectors)
        }
    }

    /// The answer to `frame` from `mac`, and the image its sectors come from (for ATA commands).
    private mutating func answer(
        _ frame: [UInt8], from mac: [UInt8], logger: Logger, onEvent: (AoEEvent) -> Void
    ) -> (AoEReply, AoEImage?)? {
        // Only ATA commands for this target choose an image and make a client known: a flood of broadcast config
        // queries, or of frames for other targets, costs a header parse each.
        guard let request = target.accept(frame) else { return nil }
        guard request.isATA else { return target.handle(request, imageSectors: 0).map { ($0, nil) } }
        let image: AoEImage
        if let known = clients.image(for: mac) {
            image = known
        } else {
            guard let current = currentImage(logger: logger) else { return nil }
            clients.add(mac, reading: current)
            image = current
            onEvent(AoEEvent(mac: mac, target: name, image: image.path))
        }
        return target.handle(request, imageSectors: image.sectors).map { ($0, image) }
    }

    /// The image a new client gets: the file at the path now (reopened when it was replaced).
    private mutating func currentImage(logger: Logger) -> AoEImage? {
        if let current, current.isCurrent() { return current }
        do {
            current = try AoEImage(path: configuration.imagePath)
            reportedMissing = false
        } catch {
            if !reportedMissing { logger.warning("AoE: \(error)") }
            reportedMissing = true
        }
        return current
    }

    private func send(_ batch: Batch, _ count: Int) {
        var sent = 0
        while sent < count {
            for index in sent..<count {
                batch.headers[index].message.msg_namelen = socklen_t(MemoryLayout<sockaddr_ll>.size)
            }
            let result = Int(
                kiwi_sendmmsg(
                    socket.descriptor, UnsafeMutableRawPointer(batch.headers + sent), CUnsignedInt(count - sent), 0))
            // A full queue or a gone interface loses these answers; the client asks again.
            guard result > 0 else { return }
            sent += result
        }
    }
}
