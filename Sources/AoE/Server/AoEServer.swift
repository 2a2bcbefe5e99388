import CKiwiSystem
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The native AoE target of `kiwi-ltsp serve` (service `aoe`): the root image, read-only, as `e<shelf>.<slot>` on
/// one interface. One thread reads frames in batches from an AF_PACKET socket, ``AoETarget`` decides each answer,
/// the sectors are copied from the image's mapping, and the answers go out in one `sendmmsg`. Each client keeps the
/// image it first read (``AoEClientTable``); after an image swap, new clients get the new one.
public final class AoEServer: Service, Sendable {
    public let configuration: AoEServerConfiguration
    private let logger: Logger
    private let onEvent: @Sendable (AoEEvent) -> Void
    private let stopping = Atomic(false)
    private let counts = Mutex((frames: 0, replies: 0, sectors: 0))

    public init(
        configuration: AoEServerConfiguration, logger: Logger,
        onEvent: @escaping @Sendable (AoEEvent) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onEvent = onEvent
    }

    /// The loop's thread, as `ps -L` and `/proc/PID/task/*/comm` show it.
    public static let threadName = "kiwi-ltsp-aoe"

    /// Frames read, answers sent and sectors served so far.
    public var statistics: (frames: Int, replies: Int, sectors: Int) { counts.withLock { $0 } }

    public func run() async throws {
        let socket = try AoEPacketSocket(interface: configuration.interface)
        let settings = AoETarget.Settings(
            shelf: configuration.shelf, slot: configuration.slot,
            sectorsPerCommand: AoETarget.Settings.sectorsPerCommand(mtu: configuration.mtu),
            bufferCount: UInt16(configuration.batch))
        let name = "e\(configuration.shelf).\(configuration.slot)"
        logger.info(
            "AoE target \(name) on \(socket.interface) (MTU \(configuration.mtu), \(settings.sectorsPerCommand) sectors per frame): \(configuration.imagePath)"
        )
        // The image is mapped when the first client asks; here only whether it is there.
        if access(configuration.imagePath, R_OK) != 0 {
            logger.warning("AoE: no image at \(configuration.imagePath) yet; build it with `kiwi-ltsp image build`")
        }
        await withGracefulShutdownHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    var loop = AoEServerLoop(
                        socket: socket, target: AoETarget(settings), name: name, configuration: configuration)
                    let stopped = { self.stopping.load(ordering: .relaxed) }
                    loop.run(stopped: stopped, logger: logger, onEvent: onEvent) { frames, replies, sectors in
                        self.counts.withLock {
                            $0.frames += frames
                            $0.replies += replies
                            $0.sectors += sectors
                        }
                    }
                    continuation.resume()
                }
                thread.name = Self.threadName
                thread.start()
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }
}
