import Foundation
import Testing
import TestSupport

/// A USB stick on the thin client appears in the user's session on the server: qemu plugs a FAT image in over QMP
/// (usb-storage on a qemu-xhci controller) during a session, the files on it are read on the server under
/// `/media/<user>/<label>` by the user (sha256) and by no one else, a file the user writes there is on the image
/// after the stick is pulled, and pulling it takes the mount away on the server. A second stick plugged in and left
/// there is taken out of the session at logout: its sshfs ends and no mount of it is left; shown again at the next
/// login, it is ejected by the user on the server and the client unmounts it too.
@Suite(.serialized)
struct LocalDevicesSessionTests {
    static let label = "KIWISTICK"

    /// A FAT image labelled `label` holding `files` (name → bytes), written with mtools (no mount on this host).
    static func makeStick(_ path: String, label: String, files: [String: Data]) throws {
        try Command.run(["rm", "-f", path])
        #expect(try Command.run(["truncate", "-s", "64M", path]).succeeded)
        let made = try Command.run(["mkfs.vfat", "-n", label, path])
        try #require(made.succeeded, "\(made.stderr)")
        for (name, data) in files {
            let source = path + "." + name
            try data.write(to: URL(fileURLWithPath: source))
            defer { unlink(source) }
            let copied = try Command.run(["mcopy", "-i", path, source, "::\(name)"])
            try #require(copied.succeeded, "\(copied.stderr)")
        }
    }

    /// The sha256 of `data` (TestSupport's `sha256` of a file holding it).
    static func sha256(_ data: Data) throws -> String {
        let path = "/tmp/kiwi-ltsp-sha-\(getpid())-\(UInt32.random(in: 0..<1_000_000_000))"
        try data.write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        return try TestSupport.sha256(path)
    }

    static func plug(_ vm: VirtualMachine, image: String, id: String) throws {
        let qmp = try vm.qmp()
        _ = try qmp.execute(
            "blockdev-add",
            [
                "driver": "raw", "node-name": "\(id)-disk",
                "file": ["driver": "file", "filename": image],
            ])
        _ = try qmp.execute("device_add", ["driver": "usb-storage", "bus": "xhci.0", "drive": "\(id)-disk", "id": id])
    }

    @Test func aStickPluggedIntoTheClientIsTheUsersOnTheServer() throws {
        let desktop = try DesktopSessionTests().desktop("media", loads: [0])
        try RequiredTool.require(["mkfs.vfat", "mcopy", "nsenter", "setpriv", "sshfs"])
        try UserFUSE.ensure()
        let site = desktop.sites[0]
        let alice = DesktopSessionTests.alice, bob = DesktopSessionTests.bob
        try desktop.writeLTSConf([
            "LDM_AUTOLOGIN": "True", "LDM_USERNAME": alice.name, "LDM_PASSWORD": alice.password,
            "LDM_SESSION": site.sessionScript,
        ])
        let known = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        let stick = desktop.pxe.root.path + "/stick.img"
        try Self.makeStick(stick, label: Self.label, files: ["known.bin": known, "hello.txt": Data("hello\n".utf8)])
        let vm = try desktop.pxe.bootClient(
            memoryMiB: DesktopSessionTests.memoryMiB,
            devices: ["-device", "qemu-xhci,id=xhci"])
        _ = try desktop.pxe.waitForReady(vm)
        try vm.waitFor("ldm: logged in: \(alice.name)@192.168.67.1", timeout: 300)
        let session = try site.waitForSession(of: alice, timeout: 120)

        // Plugged in during the session: the files, read by the user on the server.
        try Self.plug(vm, image: stick, id: "stick0")
        let directory = "/media/\(alice.name)/\(Self.label)"
        try vm.waitFor("as \(directory)", timeout: 60)
        var read: CommandResult?
        try waitUntil(timeout: 30) {
            read = try site.run(as: alice, ["sha256sum", "\(directory)/known.bin", "\(directory)/hello.txt"])
            return read?.succeeded == true
        }
        let sums = read?.stdout.split(separator: "\n").map { String($0.prefix(64)) } ?? []
        #expect(sums == [try Self.sha256(known), try Self.sha256(Data("hello\n".utf8))], "\(read?.stderr ?? "")")
        // Nobody else opens it: not another user, not even through a listing of the user's directory.
        #expect(!(try site.run(as: bob, ["ls", directory])).succeeded)
        #expect(!(try site.run(as: bob, ["cat", "\(directory)/hello.txt"])).succeeded)

        // Written in the session, then the stick is pulled: the file is on the image.
        let written = Data((0..<1_500_000).map { UInt8(truncatingIfNeeded: $0 &* 40503 >> 7) })
        let source = "/tmp/kiwi-ltsp-written-\(getpid()).bin"
        try written.write(to: URL(fileURLWithPath: source))
        chmod(source, 0o644)
        defer { unlink(source) }
        let copy = try site.run(as: alice, ["cp", source, "\(directory)/written.bin"])
        #expect(copy.succeeded, "\(copy.stderr)")
        _ = try vm.qmp().execute("device_del", ["id": "stick0"])
        try vm.waitFor("was removed; it left the session", timeout: 60)
        try waitUntil(timeout: 30) { try !site.mountPoints().contains(directory) }
        #expect(try !site.run(as: alice, ["test", "-e", directory]).succeeded, "the mount point stayed on the server")
        try waitUntil(timeout: 30) {
            (try? vm.qmp().execute("blockdev-del", ["node-name": "stick0-disk"])) != nil
        }
        let pulled = try Command.run(["mcopy", "-n", "-i", stick, "::written.bin", source + ".back"])
        defer { unlink(source + ".back") }
        #expect(pulled.succeeded, "\(pulled.stderr)")
        let back = (try? Data(contentsOf: URL(fileURLWithPath: source + ".back"))) ?? Data()
        let same = back == written
        #expect(same, "the written file came back with \(back.count) of \(written.count) bytes")

        // A second stick stays plugged in; the user logs out: it leaves the session, its sshfs ends, no mount stays.
        let second = desktop.pxe.root.path + "/second.img"
        try Self.makeStick(second, label: "SECOND", files: ["note.txt": Data("second\n".utf8)])
        try Self.plug(vm, image: second, id: "stick1")
        let secondDirectory = "/media/\(alice.name)/SECOND"
        try vm.waitFor("as \(secondDirectory)", timeout: 60)
        try waitUntil(timeout: 30) { try site.mountPoints().contains(secondDirectory) }
        let sshfs = site.server.processes(of: alice).filter { $0.command.hasPrefix("sshfs ") }.map(\.pid)
        #expect(!sshfs.isEmpty)
        kill(session.pid, SIGTERM)
        try vm.waitFor("left the session; it is safe to remove", after: "as \(secondDirectory)", timeout: 120)
        try vm.waitFor("ldm: logout: \(alice.name)", after: "left the session; it is safe to remove", timeout: 60)
        for pid in sshfs { #expect(ProcessWatch.ends(pid, within: 30), "sshfs \(pid) outlived the logout") }
        // Autologin logs the user in again and the stick, still plugged in, is shown again: once, not on top of a
        // stale mount.
        try vm.waitFor("as \(secondDirectory)", after: "left the session; it is safe to remove", timeout: 300)
        try waitUntil(timeout: 30) { try site.mountPoints().filter { $0 == secondDirectory }.count == 1 }
        let note = try site.run(as: alice, ["cat", "\(secondDirectory)/note.txt"])
        #expect(note.stdout == "second\n", "\(note.stderr)")

        // The user ejects it in the session: the client unmounts it too and says it may be pulled.
        let ejected = try site.run(as: alice, ["fusermount3", "-u", secondDirectory])
        #expect(ejected.succeeded, "\(ejected.stderr)")
        // The second "safe to remove" (the first was the logout's).
        try waitUntil(timeout: 60) {
            vm.output.components(separatedBy: "left the session; it is safe to remove").count == 3
        }
        try waitUntil(timeout: 30) { try !site.mountPoints().contains(secondDirectory) }
    }
}
