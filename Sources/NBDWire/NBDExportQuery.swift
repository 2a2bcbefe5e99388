/// The data of `NBD_OPT_INFO` and `NBD_OPT_GO` (proto.md "`NBD_OPT_INFO` (6)"): an export name and the `NBD_INFO_*`
/// types the client would like to receive.
public struct NBDExportQuery: Hashable, Sendable, NBDEncodable {
    /// proto.md "Conventions": names and strings are at most 4096 bytes; a server MAY refuse longer ones.
    public static let maximumNameLength = 4096

    public var name: String
    public var requestedInformation: [NBDInfoType]

    public init(name: String, requestedInformation: [NBDInfoType]) {
        self.name = name
        self.requestedInformation = requestedInformation
    }

    /// Name length, name, count of information requests, the requests.
    @inlinable
    public func encode(into bytes: inout some NBDByteSink) {
        bytes.appendBigEndian(UInt32(self.name.utf8.count))
        bytes.append(contentsOf: self.name.utf8)
        bytes.appendBigEndian(UInt16(self.requestedInformation.count))
        for type in self.requestedInformation { bytes.appendBigEndian(type.rawValue) }
    }

    /// The whole option data; `nil` when it does not add up exactly.
    public static func decode<Bytes: RandomAccessCollection<UInt8>>(_ data: Bytes) -> NBDExportQuery?
    where Bytes.Index == Int {
        var reader = NBDByteReader(data)
        guard let nameLength = reader.read(UInt32.self),
            let name = reader.readString(Int(nameLength)),
            let count = reader.read(UInt16.self),
            reader.remaining == Int(count) * 2
        else { return nil }
        var types: [NBDInfoType] = []
        for _ in 0..<count {
            guard let type = reader.read(UInt16.self) else { return nil }
            types.append(NBDInfoType(rawValue: type))
        }
        return NBDExportQuery(name: name, requestedInformation: types)
    }
}
