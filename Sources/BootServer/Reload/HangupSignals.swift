#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Dispatch

/// SIGHUPs as an async sequence. Creating it sets SIGHUP's disposition to ignored, so a SIGHUP that arrives before
/// anyone iterates does not end the process; a dispatch source still sees it.
/// `@unchecked`: the dispatch source is thread-safe and only touched in init and deinit.
final class HangupSignals: AsyncSequence, @unchecked Sendable {
    typealias Element = Void

    private let stream: AsyncStream<Void>
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGHUP, SIG_IGN)
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "kiwi-ltsp.sighup"))
        source.setEventHandler { continuation.yield() }
        source.setCancelHandler { continuation.finish() }
        source.resume()
        self.stream = stream
        self.source = source
    }

    deinit { source.cancel() }

    func makeAsyncIterator() -> AsyncStream<Void>.Iterator {
        stream.makeAsyncIterator()
    }
}
