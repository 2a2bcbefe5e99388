/// A message this module can put on the wire.
public protocol NBDEncodable {
    func encode(into bytes: inout some NBDByteSink)
}
