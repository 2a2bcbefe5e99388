#if os(Linux)
import Glibc

/// Keeps a transfer's thread on the CPU where its client's packets are processed.
///
/// Why: in lock-step every block is a round trip, and waking a thread on another, idle CPU costs an inter-processor
/// interrupt and the CPU's exit from idle (tens of microseconds in a VM) — more than everything else a block costs.
/// On the CPU that just processed the ACK (`SO_INCOMING_CPU`: the client's own CPU on loopback, the NIC queue's
/// CPU otherwise) the wakeup is a plain switch on an awake CPU, and the packet's data is already in its cache.
enum TFTPThreadPlacement {
    private typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer?) -> CInt

    /// `sched_setaffinity(2)`: a `_GNU_SOURCE` declaration Swift's Glibc module does not import, so looked up once.
    private static let setAffinity: SetAffinity? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_setaffinity") else { return nil }
        return unsafeBitCast(symbol, to: SetAffinity.self)
    }()

    /// The CPU that processed the last packet received on `descriptor`, if the kernel says.
    static func incomingCPU(of descriptor: CInt) -> Int? {
        var cpu: CInt = -1
        var length = socklen_t(MemoryLayout<CInt>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_INCOMING_CPU, &cpu, &length) == 0, cpu >= 0 else { return nil }
        return Int(cpu)
    }

    /// Restricts the calling thread to `cpu`; false if the system refused (CPU offline, not in our cpuset).
    @discardableResult
    static func moveCurrentThread(to cpu: Int) -> Bool {
        var set = cpu_set_t()
        let bitsPerWord = UInt.bitWidth
        let fits = withUnsafeMutableBytes(of: &set) { bytes -> Bool in
            let words = bytes.bindMemory(to: UInt.self)
            guard cpu / bitsPerWord < words.count else { return false }
            words[cpu / bitsPerWord] |= 1 << UInt(cpu % bitsPerWord)
            return true
        }
        guard fits, let setAffinity = Self.setAffinity else { return false }
        return withUnsafeBytes(of: &set) { setAffinity(0, $0.count, $0.baseAddress) } == 0
    }
}
#endif
