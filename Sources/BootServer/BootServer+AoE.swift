import AoE
import LTSPConfig

extension BootServer {
    /// The root image `<IMAGE_DIR>/<ARCH>.img` as AoE target `e<AOE_SHELF>.<AOE_SLOT>` on AOE_IFACE, with as many
    /// sectors per frame as the interface's MTU holds. First frames from each client go to the timeline.
    func makeAoEServer() throws -> AoEServer {
        guard !configuration.aoeInterface.isEmpty else {
            throw BootServerError.configuration("AoE needs AOE_IFACE (or DHCP_IFACES to take the first of)")
        }
        guard let shelf = UInt16(exactly: configuration.aoeShelf), let slot = UInt8(exactly: configuration.aoeSlot)
        else {
            throw BootServerError.configuration(
                "AoE: AOE_SHELF \(configuration.aoeShelf) or AOE_SLOT \(configuration.aoeSlot) out of range")
        }
        let mtu = network.interfaces().first { $0.name == configuration.aoeInterface }?.mtu ?? 1500
        let timeline = self.timeline
        return AoEServer(
            configuration: AoEServerConfiguration(
                interface: configuration.aoeInterface, shelf: shelf, slot: slot,
                imagePath: root.resolve(configuration.imagePath), mtu: mtu),
            logger: serviceLogger("aoe"), onEvent: { timeline.aoe($0) })
    }
}
