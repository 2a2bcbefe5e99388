import Glibc
import SystemSupport

/// The removable media present now, read from sysfs (`/sys/block`): disks on a USB bus (or marked removable),
/// SD cards (`mmcblk*`) and optical drives (`sr*`) with a medium in them. A disk with partitions gives its
/// partitions; one without (a stick formatted whole) gives itself. Internal disks, loop, RAM and network block
/// devices are never media, nor floppy drives (reading an empty one fills the console with I/O errors).
public enum RemovableMediaScan {
    public static func media(sysfs: String = "/sys") -> [RemovableMedium] {
        let block = "\(sysfs)/block"
        var found: [RemovableMedium] = []
        for disk in DirectoryListing.names(in: block).sorted() {
            guard let bus = bus(of: disk, in: block) else { continue }
            let partitions = DirectoryListing.names(in: "\(block)/\(disk)").sorted()
                .filter { $0.hasPrefix(disk) && TextFile.exists("\(block)/\(disk)/\($0)/partition") }
            if partitions.isEmpty {
                let sectors = size(of: "\(block)/\(disk)")
                if sectors > 0 { found.append(RemovableMedium(name: disk, bus: bus, sectors: sectors)) }
                continue
            }
            for partition in partitions {
                let sectors = size(of: "\(block)/\(disk)/\(partition)")
                // An extended partition's entry is a sector or two: no file system.
                if sectors > 2 { found.append(RemovableMedium(name: partition, bus: bus, sectors: sectors)) }
            }
        }
        return found
    }

    static func bus(of disk: String, in block: String) -> RemovableMedium.Bus? {
        for prefix in ["loop", "ram", "zram", "nbd", "dm-", "md", "etherd", "nvme", "vd", "xvd", "fd"]
        where disk.hasPrefix(prefix) {
            return nil
        }
        if disk.hasPrefix("sr") { return .cd }
        if disk.hasPrefix("mmcblk") { return disk.contains("boot") || disk.contains("rpmb") ? nil : .sd }
        if SymbolicLink.target(of: "\(block)/\(disk)")?.contains("/usb") == true { return .usb }
        return (try? TextFile.read("\(block)/\(disk)/removable"))?.trimmed() == "1" ? .usb : nil
    }

    static func size(of directory: String) -> UInt64 {
        ((try? TextFile.read("\(directory)/size")).flatMap { UInt64($0.trimmed()) }) ?? 0
    }
}
