import CKiwiSystem
import Glibc

/// Linux `sendmmsg(2)`, which Swift's Glibc module does not import (it is a `_GNU_SOURCE` declaration): called through
/// the CKiwiSystem shim, with the C layout of `struct mmsghdr` declared here.
///
/// Sending a whole window (up to 64 datagrams) with one syscall instead of one `sendto` per block.
enum TFTPMessageVector {
    /// `struct mmsghdr`: a `msghdr` and the number of bytes the kernel sent for it (same layout and stride as C).
    struct Header {
        var message: msghdr
        var sentBytes: CUnsignedInt = 0
    }

    /// Sends up to `count` messages; returns how many were sent, or -1 with `errno` (ENOSYS without `sendmmsg`).
    static func send(_ descriptor: CInt, _ headers: UnsafeMutablePointer<Header>, count: Int) -> Int {
        Int(kiwi_sendmmsg(descriptor, UnsafeMutableRawPointer(headers), CUnsignedInt(count), 0))
    }
}
