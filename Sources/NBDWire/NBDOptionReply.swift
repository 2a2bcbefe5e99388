/// A server reply to a fixed newstyle option (proto.md "Fixed newstyle negotiation"): magic, the option it answers,
/// the reply type, then length-prefixed data.
public struct NBDOptionReply: Hashable, Sendable, NBDEncodable {
    public enum Payload: Hashable, Sendable {
        case none
        /// `NBD_REP_SERVER`: an export name and a description for people.
        case server(name: String, details: String)
        case info(NBDInfo)
        /// An error message, for error replies.
        case message(String)
    }

    public var option: NBDOptionCode
    public var type: NBDOptionReplyType
    public var payload: Payload

    public init(option: NBDOptionCode, type: NBDOptionReplyType, payload: Payload = .none) {
        self.option = option
        self.type = type
        self.payload = payload
    }

    public static func ack(_ option: NBDOptionCode) -> NBDOptionReply {
        NBDOptionReply(option: option, type: .ack)
    }

    public static func error(_ type: NBDOptionReplyType, _ option: NBDOptionCode, _ message: String) -> NBDOptionReply {
        NBDOptionReply(option: option, type: type, payload: .message(message))
    }

    /// The header, then the data: for `NBD_REP_SERVER` (proto.md "`NBD_REP_SERVER` (2)") the 32-bit name length, the
    /// name and the details.
    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        var data: [UInt8] = []
        switch self.payload {
        case .none:
            break
        case .server(let name, let details):
            data.appendBigEndian(UInt32(name.utf8.count))
            data.append(contentsOf: name.utf8)
            data.append(contentsOf: details.utf8)
        case .info(let info):
            info.encode(into: &data)
        case .message(let message):
            data.append(contentsOf: message.utf8)
        }
        NBDOptionReplyHeader(option: self.option, type: self.type, length: UInt32(data.count)).encode(into: &bytes)
        bytes.append(contentsOf: data)
    }
}
