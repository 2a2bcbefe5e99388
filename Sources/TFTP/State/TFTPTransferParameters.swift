import NIOCore
import TFTPWire

/// What one transfer runs with after option negotiation.
struct TFTPTransferParameters: Sendable, Hashable {
    /// RFC 1350 §1: 512 unless RFC 2348 `blksize` was negotiated.
    var blockSize: Int
    /// RFC 7440 §4: 1 (lock-step) unless `windowsize` was negotiated.
    var windowSize: Int
    /// RFC 2349 §"Timeout Interval Option", or the server's default.
    var timeout: TimeAmount
    /// The options for the OACK; empty means "send no OACK" (RFC 2347: only answer options that were asked).
    var acknowledgedOptions: [TFTPOption]

    init(blockSize: Int = 512, windowSize: Int = 1, timeout: TimeAmount, acknowledgedOptions: [TFTPOption] = []) {
        self.blockSize = blockSize
        self.windowSize = windowSize
        self.timeout = timeout
        self.acknowledgedOptions = acknowledgedOptions
    }
}
