import Logging
import NIOCore

/// What every transfer handler shares: where to log, whom to tell, the limits.
struct TFTPTransferEnvironment: Sendable {
    var logger: Logger
    var onTransfer: (@Sendable (TFTPTransferEvent) -> Void)?
    var maxRetransmits: Int

    /// Logs one line for a finished transfer (.info) and calls `onTransfer`.
    func report(_ event: TFTPTransferEvent) {
        let seconds =
            Double(event.duration.components.seconds)
            + Double(event.duration.components.attoseconds) / 1e18
        let mebibytesPerSecond = seconds > 0 ? Double(event.bytes) / 1_048_576 / seconds : 0
        let verb = event.direction == .read ? "sent" : "received"
        let summary = "\(event.bytes) bytes in \(Self.format(seconds)) s (\(Self.format(mebibytesPerSecond)) MiB/s)"
        switch event.outcome {
        case .completed:
            self.logger.info("TFTP \(verb) \(event.fileName) for \(event.client): \(summary)")
        case .failed(let reason):
            self.logger.info(
                "TFTP transfer of \(event.fileName) for \(event.client) failed after \(summary): \(reason)"
            )
        }
        self.onTransfer?(event)
    }

    private static func format(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        guard hundredths.isFinite, abs(hundredths) < 1e15 else { return "\(value)" }
        let whole = Int64(hundredths) / 100
        let fraction = abs(Int64(hundredths) % 100)
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
