import Glibc

/// Starts a detached POSIX thread for a transfer loop (``TFTPTransferLoop``).
///
/// Not a NIO event loop and not a Swift concurrency task: the loop blocks in `epoll_wait`, which must not hold a
/// thread of a shared pool. The stack is small: transfers keep their buffers on the heap.
enum TFTPTransferThread {
    static let stackSize = 256 * 1024

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Runs `body` on a new thread; throws if the system has no thread to give.
    static func start(_ body: @escaping @Sendable () -> Void) throws {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, Self.stackSize)
        pthread_attr_setdetachstate(&attributes, CInt(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, &attributes,
            { context in
                guard let context else { return nil }
                Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
                return nil
            }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw TFTPError.io(operation: "pthread_create", errno: result)
        }
    }
}
