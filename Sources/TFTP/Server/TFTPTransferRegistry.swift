import NIOCore
import Synchronization

/// Keeps track of transfers being set up and running, so shutdown can end them all and wait until their sockets
/// are closed.
final class TFTPTransferRegistry: Sendable {
    private struct State {
        var shuttingDown = false
        var settingUp = 0
        /// Transfers set up or running per client IP.
        var perClient: [String: Int] = [:]
        var channels: [ObjectIdentifier: any Channel] = [:]
        /// Read transfers running on their own threads (``TFTPReadTransferEngine``).
        var engines: [ObjectIdentifier: TFTPReadTransferEngine] = [:]
        var isDrained: Bool { self.settingUp == 0 && self.channels.isEmpty && self.engines.isEmpty }
        var count: Int { self.channels.count + self.engines.count }
        /// Transfers that hold a socket or are about to: what the limit counts.
        var held: Int { self.count + self.settingUp }
        var waiters: [CheckedContinuation<Void, Never>] = []

        mutating func release(_ client: String) {
            let left = (self.perClient[client] ?? 1) - 1
            self.perClient[client] = left > 0 ? left : nil
        }

        mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
            defer { self.waiters = [] }
            return self.waiters
        }
    }

    /// Whether a new transfer may start.
    enum Admission: Equatable {
        case admitted
        case shuttingDown
        /// `limit` transfers are already set up or running.
        case full
        /// This client already has `clientLimit` transfers set up or running.
        case clientFull
    }

    private let state = Mutex(State())
    /// The most transfers set up or running at once: each holds a socket, a file and memory, so a flood of silent
    /// requests must not add up without bound.
    let limit: Int
    /// The most transfers one client IP may hold, so one host cannot take all of `limit`.
    let clientLimit: Int

    init(limit: Int = .max, clientLimit: Int = .max) {
        self.limit = limit
        self.clientLimit = clientLimit
    }

    /// Announces a transfer for `client` (its IP) about to be set up (``finishSetup(channel:client:)`` ends the
    /// setup).
    func beginSetup(client: String) -> Admission {
        self.state.withLock { state in
            guard !state.shuttingDown else { return .shuttingDown }
            guard state.held < self.limit else { return .full }
            guard state.perClient[client, default: 0] < self.clientLimit else { return .clientFull }
            state.settingUp += 1
            state.perClient[client, default: 0] += 1
            return .admitted
        }
    }

    /// Ends a setup. With a channel, it is tracked until it closes; when the server is already shutting down the
    /// channel is closed right away.
    func finishSetup(channel: (any Channel)?, client: String) {
        let (closeNow, waiters) = self.state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
            state.settingUp -= 1
            if let channel {
                state.channels[ObjectIdentifier(channel)] = channel
            } else {
                state.release(client)
            }
            return (state.shuttingDown, state.isDrained ? state.takeWaiters() : [])
        }
        waiters.forEach { $0.resume() }
        guard let channel else { return }
        if closeNow {
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in self.remove(channel, client: client) }
    }

    /// Ends a setup whose transfer runs on its own thread; it is tracked until ``finished(_:)``. When the server
    /// is already shutting down the engine is stopped right away (it still tells its client).
    func finishSetup(engine: TFTPReadTransferEngine) {
        let stopNow = self.state.withLock { state -> Bool in
            state.settingUp -= 1
            state.engines[ObjectIdentifier(engine)] = engine
            return state.shuttingDown
        }
        if stopNow {
            engine.stop()
        }
    }

    /// An engine's thread is done with it: its socket is closed.
    func finished(_ engine: TFTPReadTransferEngine, client: String) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.engines.removeValue(forKey: ObjectIdentifier(engine))
            state.release(client)
            return state.isDrained ? state.takeWaiters() : []
        }
        waiters.forEach { $0.resume() }
    }

    /// Refuses new transfers and ends the running ones: each sends its client an ERROR packet and closes.
    func shutDown() {
        let (channels, engines) = self.state.withLock { state -> ([any Channel], [TFTPReadTransferEngine]) in
            state.shuttingDown = true
            return (Array(state.channels.values), Array(state.engines.values))
        }
        engines.forEach { $0.stop() }
        for channel in channels {
            channel.pipeline.fireUserInboundEventTriggered(TFTPShutdownEvent())
            // Whatever the handler did, the socket closes after the event (a second close is a no-op).
            channel.eventLoop.execute { channel.close(promise: nil) }
        }
    }

    /// Returns once no transfer is being set up or running.
    func waitUntilDrained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let drained = self.state.withLock { state -> Bool in
                if state.isDrained { return true }
                state.waiters.append(continuation)
                return false
            }
            if drained {
                continuation.resume()
            }
        }
    }

    var activeTransfers: Int {
        self.state.withLock { $0.count }
    }

    private func remove(_ channel: any Channel, client: String) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.channels.removeValue(forKey: ObjectIdentifier(channel))
            state.release(client)
            return state.isDrained ? state.takeWaiters() : []
        }
        waiters.forEach { $0.resume() }
    }
}

/// Fired on every transfer channel when the server shuts down.
struct TFTPShutdownEvent {}
