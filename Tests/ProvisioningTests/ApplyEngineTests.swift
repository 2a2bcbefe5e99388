import Foundation
import SystemSupport
import TestSupport
import Testing

@testable import Provisioning

/// Plan and apply against a scratch `--root`. ssh-keygen runs for real (its `-f ROOT` keeps it under the root);
/// nft and sysctl are host commands and are skipped because the root is not `/`.
struct ApplyEngineTests {
    static let settings = "DNS_SERVERS=192.0.2.53\nBOOT_SERVICES=dnsmasq\n"

    func scratch(_ label: String) throws -> RootDirectory {
        RootDirectory(try BuiltProducts.scratchDirectory("prov-\(label)"))
    }

    func configure(
        _ root: RootDirectory, _ text: String = settings, options: ApplyOptions = ApplyOptions(),
        runner: any ProcessRunner = SystemProcessRunner()
    ) throws -> ApplyReport {
        let input = Fixture.input(try Fixture.configuration(text), root: root, keys: [])
        return try Provisioner(root: root, runner: runner, options: options).configure(input)
    }

    @Test func secondRunChangesNothing() throws {
        try RequiredTool.require(["ssh-keygen"], needsRoot: false)
        let root = try scratch("idem")
        defer { try? FileManager.default.removeItem(atPath: root.path) }
        let first = try configure(root)
        #expect(first.changed)
        #expect(first.steps.contains { $0.description == "write \(root.path)/srv/tftpboot/pxelinux.cfg/default (new)" })
        #expect(first.steps.contains { $0.description == "run ssh-keygen -A -f \(root.path)" })
        #expect(
            first.steps.contains {
                $0.isCommand && $0.subject.hasPrefix("nft -f")
                    && $0.description.contains("not under --root")
            })
        let knownHosts = try TextFile.read(root.resolve("/srv/tftpboot/KIWI/ssh_known_hosts"))
        #expect(knownHosts.contains("192.168.67.1,kiwi.lab.example,kiwi,192.168.68.1 ssh-ed25519 "))
        let before = try treeSnapshot(root.path)

        let second = try configure(root)
        #expect(!second.changed, "\(second.steps.filter(\.changesSomething))")
        #expect(
            second.steps.allSatisfy { step in
                if case .written = step.outcome { return false } else { return true }
            })
        #expect(try treeSnapshot(root.path) == before)
        #expect(second.summary.hasPrefix("0 written"))
    }

    @Test func dryRunShowsTheDiffOfAnEditedConfiguration() throws {
        let root = try scratch("dry")
        defer { try? FileManager.default.removeItem(atPath: root.path) }
        let noKeys = ApplyOptions(runCommands: false)
        _ = try configure(root, options: noKeys)
        let before = try treeSnapshot(root.path)
        let edited = try configure(
            root, Self.settings + "KERNEL_OPTIONS=\"quiet splash\"\n",
            options: ApplyOptions(dryRun: true, runCommands: false))
        #expect(try treeSnapshot(root.path) == before)
        let menu = try #require(edited.steps.first { $0.subject.hasSuffix("pxelinux.cfg/default") })
        #expect(menu.description == "would write \(root.path)/srv/tftpboot/pxelinux.cfg/default (changed)")
        let diff = try #require(menu.diff)
        #expect(
            diff.contains(
                "\n-    APPEND root=/dev/nbd0 nbdroot=192.168.67.1:10809/amd64 ltsp.server=192.168.67.1 quiet\n"))
        #expect(
            diff.contains(
                "\n+    APPEND root=/dev/nbd0 nbdroot=192.168.67.1:10809/amd64 ltsp.server=192.168.67.1 quiet splash\n")
        )
        #expect(edited.steps.first { $0.subject.hasSuffix("/etc/dnsmasq.d/kiwi-ltsp.conf") }?.outcome == .unchanged)
        #expect(edited.summary.hasPrefix("dry run, nothing changed: 3 to write"))
    }

    @Test func adminLTSConfIsNeverOverwritten() throws {
        let root = try scratch("ltsconf")
        defer { try? FileManager.default.removeItem(atPath: root.path) }
        try writeFile(root.resolve("/srv/tftpboot/KIWI/lts.conf"), "[default]\n    SOUND = False\n")
        let report = try configure(root, options: ApplyOptions(runCommands: false))
        #expect(report.steps.contains { $0.description == "skip \(root.path)/srv/tftpboot/KIWI/lts.conf (exists)" })
        #expect(try TextFile.read(root.resolve("/srv/tftpboot/KIWI/lts.conf")) == "[default]\n    SOUND = False\n")
    }

    @Test func failureStopsAtTheNamedStepWithNoHalfWrittenFile() throws {
        let root = try scratch("fail")
        defer { try? FileManager.default.removeItem(atPath: root.path) }
        try writeFile(root.resolve("/etc/nftables.d"), "a file where a directory belongs\n")
        let target = root.resolve("/etc/nftables.d/kiwi-ltsp.nft")
        do {
            _ = try configure(root, options: ApplyOptions(runCommands: false))
            Issue.record("configure succeeded")
        } catch {
            #expect("\(error)".hasPrefix("step 'write \(target)' failed: "))
            #expect("\(error)".contains("Not a directory"))
        }
        let listing = try treeSnapshot(root.path)
        #expect(!listing.keys.contains { $0.contains(".kiwi-ltsp.") }, "a temporary file was left")
        #expect(listing["etc/sysctl.d/90-kiwi-ltsp.conf"] == nil, "a step after the failure ran")
        #expect(listing["srv/tftpboot/pxelinux.cfg/default"] != nil, "steps before the failure stay applied")
        // The manifest records what was done, so undo still works after a failure.
        _ = try Provisioner(root: root).undo()
        #expect(try treeSnapshot(root.path).keys.sorted() == ["etc", "etc/nftables.d"])
    }

    @Test func undoLeavesTheRootAsItWas() throws {
        try RequiredTool.require(["ssh-keygen"], needsRoot: false)
        let root = try scratch("undo")
        defer { try? FileManager.default.removeItem(atPath: root.path) }
        try writeFile(root.resolve("/etc/sysctl.d/90-kiwi-ltsp.conf"), "# the admin's own\n")
        try writeFile(root.resolve("/etc/hostname"), "kiwi\n")
        try writeFile(root.resolve("/srv/kiwi-ltsp-nfs-amd64/etc/os-release"), "ID=debian\n")
        let before = try treeSnapshot(root.path)
        let applied = try configure(root)
        #expect(
            applied.steps.contains {
                $0.description == "write \(root.path)/srv/kiwi-ltsp-nfs-amd64/etc/ssh/ssh_known_hosts (new)"
            })
        _ = try configure(root, Self.settings + "ROOT_TYPE=nfs\n")
        #expect(try treeSnapshot(root.path) != before)
        let undone = try Provisioner(root: root).undo()
        #expect(undone.steps.contains { $0.description == "restore \(root.path)/etc/sysctl.d/90-kiwi-ltsp.conf" })
        #expect(try treeSnapshot(root.path) == before)
        #expect(throws: ProvisioningError.nothingToUndo(manifest: root.resolve(BackupManifest.path))) {
            try Provisioner(root: root).undo()
        }
    }

    @Test func undoKeepsACreatedFileTheAdminEdited() throws {
        let root = try scratch("undo-edit")
        defer { try? FileManager.default.removeItem(atPath: root.path) }
        _ = try configure(root, options: ApplyOptions(runCommands: false))
        let ltsConf = root.resolve("/srv/tftpboot/KIWI/lts.conf")
        try writeFile(ltsConf, "[default]\n    SOUND = False\n")
        let undone = try Provisioner(root: root).undo()
        #expect(undone.steps.contains { $0.description == "keep \(ltsConf) (changed since kiwi-ltsp wrote it)" })
        #expect(try TextFile.read(ltsConf) == "[default]\n    SOUND = False\n")
    }

    @Test func hostCommandsRunOnlyWhenTheirFileChangedAndWhenAllowed() throws {
        let root = try scratch("cmds")
        defer { try? FileManager.default.removeItem(atPath: root.path) }
        let runner = RecordingRunner()
        let options = ApplyOptions(runHostCommands: true)
        _ = try configure(root, options: options, runner: runner)
        #expect(
            runner.invocations.map(\.arguments) == [
                ["ssh-keygen", "-A", "-f", root.path],
                ["nft", "-f", root.resolve(NftablesRenderer.path)],
                ["sysctl", "-p", root.resolve(SysctlRenderer.path)],
                ["systemd-tmpfiles", "--create", root.resolve(MediaDirectoryRenderer.path)],
            ])
        _ = try configure(root, Self.settings + "NAT=no\n", options: options, runner: runner)
        // The recording runner makes no keys, so ssh-keygen is due again; only the firewall file changed.
        #expect(
            runner.invocations.dropFirst(4).map(\.arguments) == [
                ["ssh-keygen", "-A", "-f", root.path],
                ["nft", "-f", root.resolve(NftablesRenderer.path)],
            ])
        let skipped = try configure(root, Self.settings, options: ApplyOptions(runCommands: false), runner: runner)
        #expect(runner.invocations.count == 6)
        #expect(
            skipped.steps.contains {
                $0.description.hasPrefix("skip nft -f") && $0.description.contains("--no-commands")
            })
    }

    @Test func missingBootLoaderNamesThePackage() {
        let file = BootLoaderFile(source: "/nonexistent/lpxelinux.0", target: "lpxelinux.0", package: "pxelinux")
        #expect(throws: ProvisioningError.missingBootLoader(path: "/nonexistent/lpxelinux.0", package: "pxelinux")) {
            try BootLoaderImage.loadCatalog([file])
        }
        #expect(
            ProvisioningError.missingBootLoader(path: "/x", package: "pxelinux").description
                == "/x is missing: install the Debian package pxelinux (apt-get install pxelinux)")
    }

    @Test func manifestRoundTrips() throws {
        var manifest = BackupManifest()
        manifest.record(.store, "/var/lib/kiwi-ltsp")
        manifest.record(.created, "/etc/a b", content: Array("x".utf8))
        #expect(try BackupManifest(text: manifest.text, file: "m") == manifest)
        #expect(throws: ProvisioningError.self) { try BackupManifest(text: "bogus\n", file: "m") }
    }
}
