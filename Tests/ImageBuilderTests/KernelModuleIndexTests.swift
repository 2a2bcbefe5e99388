import ImageBuilder
import Testing

/// The initrd's module list from a fixture `modules.dep` shaped like Debian's.
struct KernelModuleIndexTests {
    static let modulesDep = """
        kernel/drivers/block/nbd.ko:
        kernel/fs/squashfs/squashfs.ko:
        kernel/fs/overlayfs/overlay.ko:
        kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
        kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
        kernel/net/core/failover.ko:
        kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
        kernel/drivers/virtio/virtio_ring.ko:
        kernel/drivers/net/ethernet/realtek/r8169.ko.xz: kernel/drivers/net/phy/mdio_devres.ko kernel/drivers/net/phy/libphy.ko
        kernel/drivers/net/phy/mdio_devres.ko: kernel/drivers/net/phy/libphy.ko
        kernel/drivers/net/phy/libphy.ko:
        kernel/fs/nfs/nfs.ko: kernel/fs/lockd/lockd.ko kernel/net/sunrpc/sunrpc.ko
        kernel/fs/lockd/lockd.ko: kernel/net/sunrpc/sunrpc.ko
        kernel/net/sunrpc/sunrpc.ko:

        """
    static let builtin = "kernel/net/packet/af_packet.ko\nkernel/net/unix/unix.ko\n"

    let index = KernelModuleIndex(modulesDep: modulesDep, modulesBuiltin: builtin)

    @Test func dependenciesComeBeforeTheModulesThatNeedThem() {
        let closure = index.closure(of: ["virtio-net", "r8169", "nfs"])
        let order = closure.loadOrder
        func position(_ path: String) -> Int { order.firstIndex(of: path) ?? -1 }
        #expect(Set(order).count == order.count, "each module once")
        #expect(order.count == 11)
        #expect(position("kernel/drivers/virtio/virtio_ring.ko") < position("kernel/drivers/virtio/virtio.ko"))
        #expect(position("kernel/drivers/virtio/virtio.ko") < position("kernel/drivers/net/virtio_net.ko"))
        #expect(position("kernel/net/core/failover.ko") < position("kernel/drivers/net/net_failover.ko"))
        #expect(position("kernel/drivers/net/net_failover.ko") < position("kernel/drivers/net/virtio_net.ko"))
        #expect(position("kernel/drivers/net/phy/libphy.ko") < position("kernel/drivers/net/phy/mdio_devres.ko"))
        #expect(
            position("kernel/drivers/net/phy/mdio_devres.ko")
                < position("kernel/drivers/net/ethernet/realtek/r8169.ko.xz"))
        #expect(position("kernel/net/sunrpc/sunrpc.ko") < position("kernel/fs/lockd/lockd.ko"))
        #expect(position("kernel/fs/lockd/lockd.ko") < position("kernel/fs/nfs/nfs.ko"))
        #expect(closure.missing.isEmpty && closure.builtin.isEmpty)
    }

    @Test func builtInAndAbsentModulesAreToldApart() {
        let closure = index.closure(of: ["nbd", "af-packet", "e1000", "squashfs", "nbd"])
        #expect(closure.loadOrder == ["kernel/drivers/block/nbd.ko", "kernel/fs/squashfs/squashfs.ko"])
        #expect(closure.builtin == ["af_packet"])
        #expect(closure.missing == ["e1000"])
    }

    @Test(arguments: [
        ("kernel/a/virtio-net.ko", "virtio_net"), ("x/r8169.ko.xz", "r8169"), ("y/z.ko.zst", "z"),
        ("nbd.ko", "nbd"),
    ])
    func moduleNamesAreNormalized(path: String, name: String) {
        #expect(KernelModuleIndex.moduleName(ofPath: path) == name)
    }

    @Test func malformedLinesAreIgnored() {
        let index = KernelModuleIndex(modulesDep: "garbage without colon\n: \n\nkernel/x.ko:\n")
        #expect(index.paths == ["x": "kernel/x.ko"])
    }
}
