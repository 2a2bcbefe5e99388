import NIOCore
import Synchronization

/// The addresses a server's listeners were bound to, handed to whoever asks before or after `run()` binds them
/// (tests listen on port 0 and need the real port). Set once: `publish` of bound addresses or of the bind error.
public final class BoundAddresses: Sendable {
    private enum State {
        case waiting([CheckedContinuation<[SocketAddress], any Error>])
        case settled(Result<[SocketAddress], any Error>)
    }

    private let state = Mutex(State.waiting([]))

    public init() {}

    /// The bound addresses, waiting until they are known; throws the bind error.
    public func get() async throws -> [SocketAddress] {
        try await withCheckedThrowingContinuation { continuation in
            let settled = self.state.withLock { state -> Result<[SocketAddress], any Error>? in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [continuation])
                    return nil
                case .settled(let result):
                    return result
                }
            }
            if let settled { continuation.resume(with: settled) }
        }
    }

    /// Settles the outcome (only the first call counts) and wakes everyone waiting.
    public func publish(_ outcome: Result<[SocketAddress], any Error>) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<[SocketAddress], any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .settled(outcome)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: outcome) }
    }
}
