#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Logging
import NIOCore
import NIOPosix

/// The server's event-loop side: runs the ``DHCPResponder`` and makes ACKs durable with group commit.
///
/// Lives on one event loop. Lease records decided during one loop tick are collected; one job on the journal thread
/// writes them with a single `write` + `fdatasync`, and only then are the ACKs of that batch sent. Requests that
/// arrive while the job runs form the next batch, so the batch grows with the load.
final class DHCPServerEngine {
    private struct PendingReply {
        var channel: any Channel
        var envelope: AddressedEnvelope<ByteBuffer>
        var event: DHCPEvent?
    }

    private let eventLoop: any EventLoop
    private var responder: DHCPResponder
    private let journal: DHCPLeaseJournal
    private let journalThread: NIOThreadPool
    private let logger: Logger
    private let onEvent: (@Sendable (DHCPEvent) -> Void)?
    private let compactionBytes: Int
    private var pendingRecords: [DHCPLease] = []
    private var pendingReplies: [PendingReply] = []
    private var commitInFlight = false
    private var commitScheduled = false
    private var drainWaiters: [EventLoopPromise<Void>] = []

    init(
        eventLoop: any EventLoop, responder: DHCPResponder, journal: DHCPLeaseJournal, journalThread: NIOThreadPool,
        logger: Logger, onEvent: (@Sendable (DHCPEvent) -> Void)?, compactionBytes: Int
    ) {
        self.eventLoop = eventLoop
        self.responder = responder
        self.journal = journal
        self.journalThread = journalThread
        self.logger = logger
        self.onEvent = onEvent
        self.compactionBytes = compactionBytes
    }

    func receive(_ envelope: AddressedEnvelope<ByteBuffer>, on channel: any Channel, localPort: Int) {
        eventLoop.preconditionInEventLoop()
        var buffer = envelope.data
        let request: DHCPMessage
        do {
            request = try buffer.readDHCPMessage()
        } catch {
            logger.debug("dropped datagram from \(envelope.remoteAddress): \(error)")
            return
        }
        guard let source = DHCPSocket.source(of: envelope.remoteAddress) else { return }
        let response = responder.respond(to: request, localPort: localPort, source: source, now: UInt64(time(nil)))
        if let note = response.note {
            logger.debug(
                "\(request.messageType.map { "\($0)" } ?? "BOOTP") from \(request.clientHardwareAddress): \(note)")
        }
        let event = response.event.map {
            DHCPEvent(
                mac: request.clientHardwareAddress.description, kind: $0, address: response.address,
                bootFile: response.reply == nil ? nil : response.boot.bootFile,
                firmware: response.boot.firmware.description, time: Date())
        }
        var pending: PendingReply?
        if let reply = response.reply {
            var out = channel.allocator.buffer(capacity: 548)
            out.writeDHCPMessage(reply)
            pending = PendingReply(
                channel: channel,
                envelope: AddressedEnvelope(remoteAddress: DHCPSocket.nioAddress(response.destination), data: out),
                event: event)
        }
        if let record = response.record {
            pendingRecords.append(record)
            if response.replyNeedsDurableRecord, let pending {
                pendingReplies.append(pending)
            } else if let pending {
                send(pending, flush: true)
            } else if let event {
                publish(event)
            }
            scheduleCommit()
        } else if let pending {
            send(pending, flush: true)
        } else if let event {
            publish(event)
        }
    }

    /// Answers from now on with `configuration`, keeping every lease decided so far (offers in flight are
    /// forgotten; their clients ask again).
    func reconfigure(_ configuration: DHCPServerConfiguration) {
        eventLoop.preconditionInEventLoop()
        responder = DHCPResponder(configuration: configuration, recoveredLeases: responder.leases.allLeases)
    }

    /// Completes once every record decided so far is on disk and its replies have been handed to the sockets.
    func drain() -> EventLoopFuture<Void> {
        eventLoop.preconditionInEventLoop()
        if !commitInFlight && !commitScheduled && pendingRecords.isEmpty { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        drainWaiters.append(promise)
        scheduleCommit()
        return promise.futureResult
    }

    private func scheduleCommit() {
        guard !commitInFlight, !commitScheduled else { return }
        commitScheduled = true
        // Runs after the reads of this tick, so everything decided in the tick is one batch.
        eventLoop.assumeIsolated().execute { self.startCommit() }
    }

    private func startCommit() {
        commitScheduled = false
        guard !pendingRecords.isEmpty else {
            finishDrain()
            return
        }
        let records = pendingRecords
        let replies = pendingReplies
        pendingRecords = []
        pendingReplies = []
        commitInFlight = true
        let journal = self.journal
        let size = journal.size
        // The responder's state already includes this batch, so a snapshot replaces the append.
        let compact =
            journal.needsCompaction
            || (size > compactionBytes && size > 4 * 80 * max(1, responder.leases.count))
        let snapshot = compact ? responder.leases.allLeases : nil
        journalThread.runIfActive(eventLoop: eventLoop) {
            if let snapshot {
                try journal.compact(snapshot)
            } else {
                try journal.append(records)
            }
        }.assumeIsolated().whenComplete { result in
            self.commitInFlight = false
            switch result {
            case .success:
                var channels: [ObjectIdentifier: any Channel] = [:]
                for reply in replies {
                    self.send(reply, flush: false)
                    channels[ObjectIdentifier(reply.channel)] = reply.channel
                }
                channels.values.forEach { $0.flush() }
            case .failure(let error):
                self.logger.critical("lease journal write failed, \(replies.count) ACKs not sent: \(error)")
            }
            if self.pendingRecords.isEmpty {
                self.finishDrain()
            } else {
                self.startCommit()
            }
        }
    }

    private func finishDrain() {
        let waiters = drainWaiters
        drainWaiters = []
        waiters.forEach { $0.succeed() }
    }

    private func send(_ reply: PendingReply, flush: Bool) {
        if flush {
            reply.channel.writeAndFlush(reply.envelope, promise: nil)
        } else {
            reply.channel.write(reply.envelope, promise: nil)
        }
        if let event = reply.event { publish(event) }
    }

    private func publish(_ event: DHCPEvent) {
        let text =
            "\(event.kind) \(event.address.map { "\($0) " } ?? "")to \(event.mac) (\(event.firmware))"
            + (event.bootFile.map { " boot \($0)" } ?? "")
        logger.info("\(text)")
        onEvent?(event)
    }
}
