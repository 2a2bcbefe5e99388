import Foundation
import Testing
import TestSupport

@testable import LDM

/// Media arriving and leaving: the sysfs scan (on a tree laid out as the kernel lays out /sys/block), the tracker's
/// differences, the directory names, the probe and the mount plans.
struct RemovableMediaTests {
    /// A sysfs with `/sys/block` entries linking into `/sys/devices` as the kernel's do.
    final class FakeSysfs {
        let directory: TestDirectory
        var path: String { directory.path }

        init() throws {
            directory = try TestDirectory("sysfs")
            try FileManager.default.createDirectory(atPath: "\(path)/block", withIntermediateDirectories: true)
        }

        func disk(
            _ name: String, device: String, sectors: UInt64, removable: Bool = false,
            partitions: [(String, UInt64)] = []
        ) throws {
            let target = "\(path)/devices/\(device)/block/\(name)"
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            try "\(sectors)\n".write(toFile: "\(target)/size", atomically: true, encoding: .utf8)
            try (removable ? "1\n" : "0\n").write(toFile: "\(target)/removable", atomically: true, encoding: .utf8)
            for (partition, size) in partitions {
                try FileManager.default.createDirectory(
                    atPath: "\(target)/\(partition)", withIntermediateDirectories: true)
                try "\(size)\n".write(toFile: "\(target)/\(partition)/size", atomically: true, encoding: .utf8)
                try "1\n".write(toFile: "\(target)/\(partition)/partition", atomically: true, encoding: .utf8)
            }
            try FileManager.default.createSymbolicLink(
                atPath: "\(path)/block/\(name)",
                withDestinationPath: "../devices/\(device)/block/\(name)")
        }

        func remove(_ name: String) throws { try FileManager.default.removeItem(atPath: "\(path)/block/\(name)") }
    }

    @Test func theScanFindsUSBSDAndDiscsButNoInternalDisk() throws {
        let sysfs = try FakeSysfs()
        try sysfs.disk(
            "sda", device: "pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0", sectors: 1 << 30,
            partitions: [("sda1", 1 << 29)])
        try sysfs.disk(
            "sdb", device: "pci0000:00/0000:00:04.0/usb2/2-1/2-1:1.0/host2/target2:0:0/2:0:0:0",
            sectors: 65536, partitions: [("sdb1", 65000), ("sdb2", 2), ("sdb5", 500)])
        try sysfs.disk(
            "sdc", device: "pci0000:00/0000:00:04.0/usb2/2-2/2-2:1.0/host3/target3:0:0/3:0:0:0",
            sectors: 32768)
        try sysfs.disk("mmcblk0", device: "platform/mmc/mmc0:0001", sectors: 4096, partitions: [("mmcblk0p1", 4000)])
        try sysfs.disk(
            "sr0", device: "pci0000:00/0000:00:01.1/ata2/host1/target1:0:0/1:0:0:0", sectors: 0,
            removable: true)
        try sysfs.disk(
            "sr1", device: "pci0000:00/0000:00:01.1/ata3/host4/target4:0:0/4:0:0:0", sectors: 700_000,
            removable: true)
        try sysfs.disk("loop0", device: "virtual/block/loop0", sectors: 100)
        try sysfs.disk("nbd0", device: "virtual/block/nbd0", sectors: 100)
        try sysfs.disk("fd0", device: "platform/floppy.0", sectors: 2880, removable: true)
        try sysfs.disk(
            "sdd", device: "pci0000:00/0000:00:05.0/host5/target5:0:0/5:0:0:0", sectors: 100, removable: true)
        let found = RemovableMediaScan.media(sysfs: sysfs.path)
        #expect(
            found == [
                RemovableMedium(name: "mmcblk0p1", bus: .sd, sectors: 4000),
                RemovableMedium(name: "sdb1", bus: .usb, sectors: 65000),
                RemovableMedium(name: "sdb5", bus: .usb, sectors: 500),
                RemovableMedium(name: "sdc", bus: .usb, sectors: 32768),
                RemovableMedium(name: "sdd", bus: .usb, sectors: 100),
                RemovableMedium(name: "sr1", bus: .cd, sectors: 700_000),
            ])
        #expect(RemovableMediaScan.media(sysfs: sysfs.path + "/nowhere").isEmpty)
    }

    @Test func theTrackerReportsArrivalsAndRemovalsOnce() throws {
        let sysfs = try FakeSysfs()
        var tracker = MediaTracker()
        #expect(tracker.update(RemovableMediaScan.media(sysfs: sysfs.path)) == ([], []))
        try sysfs.disk("sdb", device: "pci0000:00/usb1/1-1/host2/2:0:0:0", sectors: 65536)
        let arrived = tracker.update(RemovableMediaScan.media(sysfs: sysfs.path))
        #expect(arrived.arrived.map(\.name) == ["sdb"] && arrived.left.isEmpty)
        #expect(tracker.update(RemovableMediaScan.media(sysfs: sysfs.path)) == ([], []))
        try sysfs.remove("sdb")
        let left = tracker.update(RemovableMediaScan.media(sysfs: sysfs.path))
        #expect(left.arrived.isEmpty && left.left.map(\.name) == ["sdb"])
        #expect(tracker.present.isEmpty)
        // Another disc in the same drive: one left, one came.
        _ = tracker.update([RemovableMedium(name: "sr0", bus: .cd, sectors: 100)])
        let swapped = tracker.update([RemovableMedium(name: "sr0", bus: .cd, sectors: 200)])
        #expect(swapped.arrived.map(\.sectors) == [200] && swapped.left.map(\.sectors) == [100])
    }

    @Test(arguments: [
        ("KIWISTICK", "KIWISTICK"), ("My Photos", "My_Photos"), ("../../etc", "_._.._etc"), ("..", "sdb1"),
        ("", "sdb1"), ("   ", "sdb1"), ("Ünïcode/ß", "_n_code__"), (".hidden", "_hidden"),
        (String(repeating: "x", count: 100), String(repeating: "x", count: 64)),
    ])
    func directoryNamesStayInsideTheUsersDirectory(_ label: String, _ expected: String) {
        let medium = RemovableMedium(name: "sdb1", bus: .usb, sectors: 1, label: label)
        #expect(medium.directoryName == expected)
        #expect(!medium.directoryName.contains("/") && medium.directoryName != "." && medium.directoryName != "..")
    }

    @Test func blkidsExportFormat() {
        let values = MediumProbe.parse("DEVNAME=/dev/sdb1\nLABEL=My\\ Stick\\$\nUUID=1234-ABCD\nTYPE=vfat\n")
        #expect(values["LABEL"] == "My Stick$" && values["TYPE"] == "vfat" && values["UUID"] == "1234-ABCD")
        #expect(MediumProbe.parse("").isEmpty)
    }

    @Test func blkidFindsTheLabelOfARealFATImage() throws {
        try RequiredTool.require(["mkfs.vfat", "blkid"])
        let directory = try TestDirectory("probe")
        let image = directory.path + "/stick.img"
        #expect(try Command.run(["truncate", "-s", "8M", image]).succeeded)
        #expect(try Command.run(["mkfs.vfat", "-n", "KIWISTICK", image]).succeeded)
        let found = try #require(MediumProbe.identify(image))
        #expect(found.fileSystem == "vfat" && found.label == "KIWISTICK")
        try Data(count: 4096).write(to: URL(fileURLWithPath: directory.path + "/blank.img"))
        #expect(MediumProbe.identify(directory.path + "/blank.img") == nil)
    }

    @Test func mountPlans() throws {
        let fat = try #require(MediumMount.plan(fileSystem: "vfat", readOnly: false))
        #expect(fat.type == "vfat" && !fat.readOnly && fat.data == "uid=65534,gid=65534,fmask=0077,dmask=0077")
        let wanted = UInt(MS_SYNCHRONOUS | MS_NOATIME | MS_NOSUID | MS_NODEV | MS_NOEXEC)
        #expect(fat.flags & wanted == wanted)
        #expect(fat.flags & UInt(MS_RDONLY) == 0)
        #expect(MediumMount.plan(fileSystem: "ntfs", readOnly: false)?.type == "ntfs3")
        let disc = try #require(MediumMount.plan(fileSystem: "iso9660", readOnly: false))
        #expect(disc.readOnly && disc.flags & UInt(MS_RDONLY) != 0 && disc.data.isEmpty)
        #expect(MediumMount.plan(fileSystem: "ext4", readOnly: true)?.readOnly == true)
        #expect(MediumMount.plan(fileSystem: "swap", readOnly: false) == nil)
        #expect(MediumMount.plan(fileSystem: "crypto_LUKS", readOnly: false) == nil)
    }
}
