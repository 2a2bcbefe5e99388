import NIOCore
import Synchronization

/// The connections a server has open, so a shutdown can close them and wait until they are gone, and so a peer
/// cannot open more than `limit` of them.
public final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var isShutDown = false
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// The most connections open at once; beyond it a new connection is closed at once.
    public let limit: Int

    public init(limit: Int = .max) {
        self.limit = limit
    }

    public var count: Int {
        self.state.withLock { $0.channels.count }
    }

    /// Registers a new connection; after shutdown, or with `limit` connections open, it is closed at once instead
    /// (and false is returned).
    @discardableResult
    public func add(_ channel: any Channel) -> Bool {
        let accepted = self.state.withLock { state -> Bool in
            guard !state.isShutDown, state.channels.count < self.limit else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
        guard accepted else {
            channel.close(promise: nil)
            return false
        }
        channel.closeFuture.whenComplete { _ in self.remove(channel) }
        return true
    }

    private func remove(_ channel: any Channel) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.channels[ObjectIdentifier(channel)] = nil
            guard state.channels.isEmpty else { return [] }
            defer { state.drainWaiters = [] }
            return state.drainWaiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Refuses new connections and closes every open one.
    public func shutDown() {
        let channels = self.state.withLock { state -> [any Channel] in
            state.isShutDown = true
            return Array(state.channels.values)
        }
        channels.forEach { $0.close(promise: nil) }
    }

    public func waitUntilDrained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let drained = self.state.withLock { state -> Bool in
                guard !state.channels.isEmpty else { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if drained { continuation.resume() }
        }
    }
}
