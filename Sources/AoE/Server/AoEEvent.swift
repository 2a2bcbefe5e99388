/// A client's first frame to the target: the boot timeline's `aoe-attach`.
public struct AoEEvent: Sendable, Hashable {
    /// The client's MAC address (six bytes).
    public var mac: [UInt8]
    /// `e<shelf>.<slot>`, as the client's device is called.
    public var target: String
    /// The image the client reads from now on.
    public var image: String

    public init(mac: [UInt8], target: String, image: String) {
        self.mac = mac
        self.target = target
        self.image = image
    }
}
