import NIOCore
import TFTPWire

/// Decides which requested options the server accepts (RFC 2347 §"Negotiation Protocol").
///
/// Pure: the request and the server's limits in, the transfer parameters and the OACK contents out. Unknown options
/// and out-of-range values are ignored (left out of the OACK), so the client falls back to the RFC 1350 default.
struct TFTPOptionNegotiator: Sendable {
    /// RFC 2348: valid `blksize` values are 8–65464 octets.
    static let blockSizeRange = 8...65464
    /// RFC 2349: valid `timeout` values are 1–255 seconds.
    static let timeoutRange = 1...255
    /// RFC 7440 §3: valid `windowsize` values are 1–65535 blocks.
    static let windowSizeRange = 1...65535

    enum Direction: Sendable, Hashable {
        /// RRQ; `transferSize` is the number of bytes the client will receive (for netascii the converted size,
        /// so `tsize` matches what arrives), `nil` if unknown.
        case read(transferSize: Int64?)
        /// WRQ; windowed uploads are not offered, so `windowsize` is never accepted.
        case write
    }

    var maxBlockSize: Int
    var maxWindowSize: Int
    var defaultTimeout: TimeAmount
    /// The longest `timeout` the server accepts: with the retransmission limit it bounds how long a silent client
    /// holds its transfer (RFC 2349 allows 255 s, which with 5 retries held a transfer for 25 minutes).
    var maxTimeout: Int = 5

    func negotiate(_ request: TFTPRequest, direction: Direction) -> TFTPTransferParameters {
        var parameters = TFTPTransferParameters(timeout: self.defaultTimeout)
        var seen = Set<String>()
        for option in request.options where seen.insert(option.name).inserted {
            switch option.name {
            case TFTPOption.blockSizeName:
                // RFC 2348: the server may answer a smaller value than asked, never a larger one.
                guard let asked = Self.number(option.value, in: Self.blockSizeRange) else { continue }
                parameters.blockSize = min(asked, max(self.maxBlockSize, Self.blockSizeRange.lowerBound))
                parameters.acknowledgedOptions.append(.init(name: option.name, value: "\(parameters.blockSize)"))
            case TFTPOption.timeoutName:
                // RFC 2349: the server must answer the same value or leave the option out: a longer one than we take
                // is left out, and the client goes on with the default.
                guard let asked = Self.number(option.value, in: Self.timeoutRange), asked <= self.maxTimeout else {
                    continue
                }
                parameters.timeout = .seconds(Int64(asked))
                parameters.acknowledgedOptions.append(.init(name: option.name, value: "\(asked)"))
            case TFTPOption.transferSizeName:
                switch direction {
                case .read(let size?) where size > 0:
                    // RFC 2349: in an RRQ the client sends 0 and the server answers with the size.
                    parameters.acknowledgedOptions.append(.init(name: option.name, value: "\(size)"))
                case .read:
                    // Unknown size, or an empty file: curl rejects "tsize 0" in an OACK as illegal, and leaving
                    // the option out is always allowed (RFC 2347).
                    continue
                case .write:
                    // RFC 2349: in a WRQ the client sends the size and the server echoes it.
                    guard Self.number(option.value, in: 0...Int.max) != nil else { continue }
                    parameters.acknowledgedOptions.append(option)
                }
            case TFTPOption.windowSizeName:
                guard case .read = direction,
                    let asked = Self.number(option.value, in: Self.windowSizeRange)
                else { continue }
                // RFC 7440 §4: the server may answer a smaller window.
                parameters.windowSize = min(asked, max(self.maxWindowSize, 1))
                parameters.acknowledgedOptions.append(.init(name: option.name, value: "\(parameters.windowSize)"))
            default:
                // RFC 2347: unrecognised options are ignored and left out of the OACK.
                continue
            }
        }
        return parameters
    }

    /// A plain decimal number (no sign, no spaces, at most 18 digits) inside `range`.
    private static func number(_ text: String, in range: ClosedRange<Int>) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let value = Int(text), range.contains(value)
        else { return nil }
        return value
    }
}
