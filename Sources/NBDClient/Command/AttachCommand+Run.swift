extension AttachCommand {
    /// Runs the command; the line to print on success.
    public func run() throws(NBDClientError) -> String {
        switch self {
        case .help:
            return Self.usage
        case .probe(let target):
            let connection = try TCPConnection.connect(host: target.host, port: target.port, timeout: target.timeout)
            let export = try connection.negotiate(exportName: target.exportName, timeout: target.timeout)
            connection.disconnect()
            return Self.describe(export, name: target.exportName)
        case .attach(let target, let path):
            let device = try NBDDevice(path: path)
            defer { device.close() }
            let connection = try TCPConnection.connect(host: target.host, port: target.port, timeout: target.timeout)
            let export = try connection.negotiate(exportName: target.exportName, timeout: target.timeout)
            try KernelAttachment.attach(device, connection: connection, export: export)
            let access = export.isReadOnly ? "read-only" : "read-write"
            return "ltsp-nbd-attach: \(path) attached to \(connection.server)/\(target.exportName) "
                + "(\(export.size) bytes, \(access))"
        case .disconnect(let path):
            let device = try NBDDevice(path: path)
            defer { device.close() }
            try device.disconnect()
            return "ltsp-nbd-attach: \(path) disconnected"
        }
    }

    /// The `--probe` line: `export NAME size BYTES flags 0xFLAGS read-only yes|no`.
    public static func describe(_ export: NBDExportInfo, name: String) -> String {
        let hex = String(export.transmissionFlags, radix: 16)
        let flags = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return "export \(name) size \(export.size) flags 0x\(flags) read-only \(export.isReadOnly ? "yes" : "no")"
    }
}
