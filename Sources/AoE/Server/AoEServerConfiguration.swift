/// What the AoE target serves and where: `AOE_IFACE`, `AOE_SHELF`, `AOE_SLOT` and the root image.
public struct AoEServerConfiguration: Sendable {
    public var interface: String
    public var shelf: UInt16
    public var slot: UInt8
    public var imagePath: String
    /// The interface's MTU: how many sectors a frame carries.
    public var mtu: Int
    /// Clients whose image is remembered (see ``AoEClientTable``).
    public var maxClients: Int
    /// Frames read (and answered) per system call.
    public var batch: Int

    public init(
        interface: String, shelf: UInt16, slot: UInt8, imagePath: String, mtu: Int = 1500, maxClients: Int = 1024,
        batch: Int = 64
    ) {
        self.interface = interface
        self.mtu = mtu
        self.shelf = shelf
        self.slot = slot
        self.imagePath = imagePath
        self.maxClients = maxClients
        self.batch = batch
    }
}
