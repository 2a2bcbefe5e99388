import Glibc

/// The kernel's nbd block device, configured through the ioctls of <linux/nbd.h> the way nbd-client does.
public struct NBDDevice {
    /// <linux/nbd.h>: `_IO(0xab, n)`.
    enum Request {
        static let setSocket: UInt = 0xab00
        static let setBlockSize: UInt = 0xab01
        static let setSize: UInt = 0xab02
        static let doIt: UInt = 0xab03
        static let clearSocket: UInt = 0xab04
        static let setSizeBlocks: UInt = 0xab07
        static let disconnect: UInt = 0xab08
        static let setFlags: UInt = 0xab0a
        /// <linux/fs.h> `BLKROSET`, `_IO(0x12, 93)`: its argument points to an int.
        static let setReadOnly: UInt = 0x125d
    }

    public let path: String
    public let descriptor: Int32
    /// `/sys/dev/block/MAJOR:MINOR`, from the device number, so whatever the node is called the sysfs state is found.
    public let sysfsDirectory: String

    public init(path: String) throws(NBDClientError) {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("cannot open \(path)") }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFBLK else {
            Glibc.close(descriptor)
            throw NBDClientError("\(path) is not a block device")
        }
        // glibc's <sys/sysmacros.h> encoding of dev_t.
        let device = UInt64(status.st_rdev)
        let major = (device >> 8) & 0xfff | (device >> 32) & ~0xfff
        let minor = device & 0xff | (device >> 12) & ~0xff
        self.path = path
        self.descriptor = descriptor
        self.sysfsDirectory = "/sys/dev/block/\(major):\(minor)"
    }

    public func close() { _ = Glibc.close(self.descriptor) }

    /// The PID of the process in `NBD_DO_IT` when the device is connected (sysfs has `pid` only then).
    public var connectedPID: String? {
        Self.readSmallFile(self.sysfsDirectory + "/pid").map { String($0.filter { $0 != "\n" }) }
    }

    /// The size the block layer shows, in 512-byte sectors; 0 until the kernel has started the device.
    public var sizeInSectors: UInt64 {
        Self.readSmallFile(self.sysfsDirectory + "/size").flatMap { UInt64($0.filter { $0 != "\n" }) } ?? 0
    }

    /// Everything up to `NBD_DO_IT`: block size, size, transmission flags (`NBD_FLAG_READ_ONLY` among them, so the
    /// kernel refuses writes itself), the read-only bit of the block device, and the socket.
    public func configure(for export: NBDExportInfo, socket: Int32) throws(NBDClientError) {
        // Stale state from an earlier session on this device; fails harmlessly on a fresh one.
        _ = try? self.control(Request.clearSocket, name: "NBD_CLEAR_SOCK")
        let blockSize = UInt64(export.kernelBlockSize)
        try self.control(Request.setBlockSize, blockSize, name: "NBD_SET_BLKSIZE")
        if export.size % blockSize == 0 {
            try self.control(Request.setSizeBlocks, export.size / blockSize, name: "NBD_SET_SIZE_BLOCKS")
        } else {
            try self.control(Request.setSize, export.size, name: "NBD_SET_SIZE")
        }
        try self.control(Request.setFlags, UInt64(export.transmissionFlags), name: "NBD_SET_FLAGS")
        if export.isReadOnly {
            var readOnly: Int32 = 1
            guard ioctl(self.descriptor, Request.setReadOnly, &readOnly) == 0 else {
                throw .system("BLKROSET on \(self.path)")
            }
        }
        try self.control(Request.setSocket, UInt64(socket), name: "NBD_SET_SOCK")
    }

    /// `NBD_DO_IT`: the kernel serves the device from the socket and returns only when the connection ends.
    public func serve() throws(NBDClientError) {
        defer { _ = try? self.control(Request.clearSocket, name: "NBD_CLEAR_SOCK") }
        try self.control(Request.doIt, name: "NBD_DO_IT")
    }

    /// What `nbd-client -d` does: ask the kernel to disconnect, then drop the socket.
    public func disconnect() throws(NBDClientError) {
        try self.control(Request.disconnect, name: "NBD_DISCONNECT")
        try self.control(Request.clearSocket, name: "NBD_CLEAR_SOCK")
    }

    /// The kernel reads every nbd ioctl argument as an unsigned long; the Glibc overlay passes a pointer through
    /// unchanged, which carries the full 64 bits (its `CInt` overload would cut sizes above 2 GiB).
    /// On a 32-bit client an unsigned long holds 32 bits: a larger value is refused, not cut.
    private func control(_ request: UInt, _ argument: UInt64 = 0, name: String) throws(NBDClientError) {
        guard let value = UInt(exactly: argument) else {
            throw NBDClientError("\(name) on \(self.path): \(argument) does not fit this kernel's unsigned long")
        }
        let result: Int32
        if let pointer = UnsafeMutableRawPointer(bitPattern: value) {
            result = ioctl(self.descriptor, request, pointer)
        } else {
            result = ioctl(self.descriptor, request, Int32(0))
        }
        guard result >= 0 else { throw .system("\(name) on \(self.path)") }
    }

    /// A sysfs attribute: a few bytes, `nil` when it does not exist.
    static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { Glibc.close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
