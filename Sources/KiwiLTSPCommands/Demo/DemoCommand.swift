import ArgumentParser
import Foundation
import SystemSupport

/// `kiwi-ltsp demo`: the whole system on one machine for a new user — a virtual thin client boots from the
/// embedded server over PXE, its console and the server's boot timeline streamed, each stage's time at the end.
public struct DemoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Boot a virtual thin client from this machine over PXE and show every stage.",
        discussion: """
            Builds the minimal client image once (kept in --workdir for the next run), creates two network \
            namespaces joined by a veth pair, runs `kiwi-ltsp serve` (DHCP, TFTP, NBD) in one, and powers on a qemu \
            machine (TCG, iPXE ROM) in the other. It stops when the client reports ready (or at Ctrl-C) and removes \
            the namespaces, the processes and the server files it made. Needs root, qemu-system-x86 and ipxe-qemu.
            """
    )

    @Option(help: ArgumentHelp("Where the image is cached and the demo's server files live.", valueName: "dir"))
    public var workdir = KiwiPaths.demoDirectory

    @Option(help: "Boot loader path: pxelinux (the configured PXE menu) or ipxe (the iPXE script).")
    public var loader: DemoLoader = .pxelinux

    @Flag(help: "Build the image again even when the cached one is there.")
    public var rebuild = false

    @Flag(help: "Leave the client running after it is ready, until Ctrl-C.")
    public var keepRunning = false

    @Flag(
        help: """
            Boot the thin image instead, let ldm log a demo user in to a small X session on an sshd in the server \
            namespace, and save a screenshot of the client's screen.
            """)
    public var desktop = false

    @Option(help: "Seconds to wait for the client to be ready.")
    public var timeout: Int = 600

    public init() {}

    public func run() async throws {
        let session = DemoSession(
            workdir: workdir, loader: loader, rebuild: rebuild, keepRunning: keepRunning,
            timeout: Double(timeout), desktop: desktop)
        try session.run()
    }
}

public enum DemoLoader: String, ExpressibleByArgument, CaseIterable, Sendable {
    case pxelinux, ipxe
}
