import NIOCore

extension TFTPTransferEvent {
    /// The report of a download: the whole file when it completed, else what the client acknowledged.
    static func read(
        client: SocketAddress, fileName: String, machine: TFTPReadTransferStateMachine,
        transferSize: Int64, startedAt: NIODeadline, outcome: Outcome
    ) -> TFTPTransferEvent {
        let bytes: Int64
        switch outcome {
        case .completed:
            bytes = transferSize
        case .failed:
            bytes = min(Int64(machine.acknowledgedBlocks) * Int64(machine.parameters.blockSize), transferSize)
        }
        let elapsed = NIODeadline.now() - startedAt
        return TFTPTransferEvent(
            client: client, fileName: fileName, direction: .read, bytes: bytes,
            duration: .nanoseconds(elapsed.nanoseconds), blockSize: machine.parameters.blockSize,
            windowSize: machine.parameters.windowSize, outcome: outcome)
    }
}
