#if os(Linux)
import Glibc

/// Linux `sendmmsg(2)`, which Swift's Glibc module does not import (it is a `_GNU_SOURCE` declaration): the C
/// function is looked up once at run time, with the C layout of `struct mmsghdr` declared here.
///
/// Sending a whole window (up to 64 datagrams) with one syscall instead of one `sendto` per block.
enum TFTPMessageVector {
    /// `struct mmsghdr`: a `msghdr` and the number of bytes the kernel sent for it (same layout and stride as C).
    struct Header {
        var message: msghdr
        var sentBytes: CUnsignedInt = 0
    }

    private typealias SendFunction = @convention(c) (CInt, UnsafeMutableRawPointer?, CUnsignedInt, CInt) -> CInt

    private static let sendFunction: SendFunction? = {
        // RTLD_DEFAULT: search the libraries already loaded (glibc).
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sendmmsg") else { return nil }
        return unsafeBitCast(symbol, to: SendFunction.self)
    }()

    /// Sends up to `count` messages; returns how many were sent, or -1 with `errno` (ENOSYS without `sendmmsg`).
    static func send(_ descriptor: CInt, _ headers: UnsafeMutablePointer<Header>, count: Int) -> Int {
        guard let function = Self.sendFunction else {
            errno = ENOSYS
            return -1
        }
        return Int(function(descriptor, UnsafeMutableRawPointer(headers), CUnsignedInt(count), 0))
    }
}
#endif
