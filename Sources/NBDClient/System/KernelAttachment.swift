import Glibc

/// Hands a negotiated connection to the kernel the way nbd-client does: the device is configured, a child process
/// enters `NBD_DO_IT` and stays there for the life of the connection, and the parent returns once the block device
/// shows its size, so the initrd can mount it at once.
///
/// The child outlives the initrd: after `switch_root` it still runs from the deleted initramfs, with nothing open but
/// the device, the socket and `/dev/kmsg`, so it needs no file of the initrd any more.
public enum KernelAttachment {
    /// How long the parent waits for the device to show its size.
    static let readyTimeout = 10

    public static func attach(
        _ device: NBDDevice, connection: TCPConnection,
        export: NBDExportInfo
    ) throws(NBDClientError) {
        guard export.size > 0 else { throw NBDClientError("export on \(connection.server) is empty") }
        guard export.size <= UInt64(Int64.max) else {
            throw NBDClientError("export on \(connection.server) is \(export.size) bytes, more than the kernel takes")
        }
        if let pid = device.connectedPID {
            throw NBDClientError(
                "\(device.path) is already connected (NBD_DO_IT in pid \(pid)); "
                    + "disconnect it first with -d")
        }
        try device.configure(for: export, socket: connection.descriptor)

        // The child tells the parent why NBD_DO_IT failed through this pipe; it closes at the child's exit.
        var report: [Int32] = [0, 0]
        guard pipe(&report) == 0 else { throw .system("pipe") }
        fflush(nil)
        let child = fork()
        if child < 0 { throw .system("fork") }
        if child == 0 {
            close(report[0])
            runChild(device, report: report[1])
        }
        close(report[1])
        defer { close(report[0]) }

        let deadline = Deadline(secondsFromNow: readyTimeout)
        while true {
            var status: Int32 = 0
            if waitpid(child, &status, WNOHANG) == child {
                var buffer = [UInt8](repeating: 0, count: 512)
                let count = buffer.withUnsafeMutableBytes { read(report[0], $0.baseAddress, $0.count) }
                let reason =
                    count > 0
                    ? String(decoding: buffer[0..<count], as: UTF8.self)
                    : "NBD_DO_IT on \(device.path) ended at once"
                throw NBDClientError(reason)
            }
            if device.sizeInSectors > 0 { return }
            guard !deadline.hasPassed else {
                throw NBDClientError(
                    "\(device.path) did not show its size within \(readyTimeout) s "
                        + "(NBD_DO_IT runs in pid \(child))")
            }
            deadline.sleep(milliseconds: 50)
        }
    }

    /// The process that keeps the connection: detached from the console session, deaf to the signals a shutdown
    /// sends (the kernel would drop the root file system's connection on an interrupted `NBD_DO_IT`), in memory
    /// for good, and marked with `@` as argv[0][0], systemd's sign for a root storage daemon it must not kill.
    private static func runChild(_ device: NBDDevice, report: Int32) -> Never {
        setsid()
        for signal in [SIGHUP, SIGINT, SIGTERM, SIGPIPE, SIGUSR1, SIGUSR2] { _ = Glibc.signal(signal, SIG_IGN) }
        _ = mlockall(MCL_CURRENT | MCL_FUTURE)
        if let name = CommandLine.unsafeArgv[0] { name.pointee = CChar(truncatingIfNeeded: 0x40) }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        if null >= 0 {
            dup2(null, 0)
            dup2(null, 1)
        }
        let log = open("/dev/kmsg", O_WRONLY | O_CLOEXEC)
        if log >= 0 || null >= 0 { dup2(log >= 0 ? log : null, 2) }
        do {
            try device.serve()
            _exit(0)
        } catch {
            Console.write("ltsp-nbd-attach: \(error.message)\n")
            Console.write(error.message, to: report)
            _exit(1)
        }
    }
}
