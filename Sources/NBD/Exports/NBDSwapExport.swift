#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import NBDWire

/// A writable export private to each connection: a sparse file of the configured size, created in the configured
/// directory when the client attaches and unlinked at once, so it disappears with the connection, even after a
/// crash of the server. At most `slots.limit` swap files are open at once; beyond that, opening fails.
public struct NBDSwapExport: NBDExport {
    public var definition: NBDSwapExportDefinition
    public let slots: NBDSwapSlots

    public init(_ definition: NBDSwapExportDefinition, slots: NBDSwapSlots) {
        self.definition = definition
        self.slots = slots
    }

    public var name: String { self.definition.name }
    public var aliases: [String] { [] }
    public var description: String { "per-client swap space, \(self.definition.size) bytes" }

    /// Writable, and not `NBD_FLAG_CAN_MULTI_CONN`: every connection has its own file.
    public static let flags: NBDTransmissionFlags = [.hasFlags, .sendFlush, .sendFUA, .sendTrim, .sendWriteZeroes]

    public func open() throws -> any NBDBlockDevice {
        guard self.slots.acquire() else {
            throw NBDError(.io, "all \(self.slots.limit) swap exports are in use")
        }
        do {
            let slots = self.slots
            return try self.create(onClose: { slots.release() })
        } catch {
            self.slots.release()
            throw error
        }
    }

    private func create(onClose: @escaping @Sendable () -> Void) throws -> any NBDBlockDevice {
        var template = Array("\(self.definition.directory)/kiwi-ltsp-swap-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else {
            throw NBDError(.io, "cannot create a swap file in \(self.definition.directory)", errno: errno)
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        unlink(path)
        guard ftruncate(descriptor, off_t(self.definition.size)) == 0 else {
            let error = errno
            Glibc.close(descriptor)
            throw NBDError(.io, "cannot size the swap file to \(self.definition.size) bytes", errno: error)
        }
        return try NBDFileDevice(
            descriptor: descriptor, size: self.definition.size, flags: Self.flags,
            onClose: onClose)
    }
}
