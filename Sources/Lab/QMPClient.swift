import Foundation
import SystemSupport

/// qemu's machine protocol (QMP) over its Unix socket (`-qmp unix:PATH,server=on,wait=off`): one JSON object per
/// line each way; after the greeting, `qmp_capabilities` opens command mode. Used to type on a virtual client's
/// keyboard and to take screenshots of its display.
public final class QMPClient {
    private let fd: Int32
    private var pending = Data()

    /// Connects (retrying while qemu creates the socket) and enters command mode.
    public init(socket path: String, timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var connected: Int32?
        var lastError = ""
        while connected == nil {
            do {
                connected = try UnixStreamSocket.connect(path)
            } catch {
                lastError = "\(error)"
                guard Date() < deadline else { throw LabError("QMP socket \(path): \(lastError)") }
                usleep(100_000)
            }
        }
        fd = connected!
        var timeoutValue = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeoutValue, socklen_t(MemoryLayout<timeval>.size))
        _ = try readObject()
        _ = try execute("qmp_capabilities")
    }

    deinit { close(fd) }

    /// Runs a command and returns its `return` value; an `error` reply throws with qemu's description.
    @discardableResult
    public func execute(_ command: String, _ arguments: [String: Any]? = nil) throws -> Any {
        var message: [String: Any] = ["execute": command]
        if let arguments { message["arguments"] = arguments }
        var bytes = try JSONSerialization.data(withJSONObject: message)
        bytes.append(UInt8(ascii: "\n"))
        guard DescriptorIO.writeAll(Array(bytes), to: fd) else { throw LabError("QMP: the socket closed") }
        while true {
            let reply = try readObject()
            if let result = reply["return"] { return result }
            if let error = reply["error"] as? [String: Any] {
                throw LabError("QMP \(command): \(error["desc"] ?? error)")
            }
            // An asynchronous event (a key or a reset) before the reply: skip it.
        }
    }

    private func readObject() throws -> [String: Any] {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending.removeSubrange(pending.startIndex...newline)
                guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    throw LabError("QMP: not an object: \(String(decoding: line, as: UTF8.self))")
                }
                return object
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { throw LabError("QMP: no reply (\(String(cString: strerror(errno))))") }
            pending.append(contentsOf: buffer[0..<count])
        }
    }

    /// Presses the keys of `keys` together (`["shift", "a"]`) and releases them.
    public func press(_ keys: [String]) throws {
        try execute("send-key", ["keys": keys.map { ["type": "qcode", "data": $0] }])
    }

    /// Types `text` key by key (US layout), with `pause` between keys so a slow guest misses none.
    public func type(_ text: String, pause: useconds_t = 60_000) throws {
        for character in text {
            guard let keys = KeyboardLayout.qcodes(for: character) else {
                throw LabError("no key for '\(character)' on a US keyboard")
            }
            try press(keys)
            usleep(pause)
        }
    }

    /// The display as a PPM (P6) file, which qemu writes itself.
    public func screendump(to path: String, format: String = "ppm") throws {
        try execute("screendump", ["filename": path, "format": format])
    }
}
