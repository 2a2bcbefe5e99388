import SystemSupport
import Glibc
/// Recognises IPv4 and IPv6 address text with inet_pton(3).
public enum IPAddressText {
    public static func family(of text: String) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &buffer) == 1 { return AF_INET }
        if inet_pton(AF_INET6, text, &buffer) == 1 { return AF_INET6 }
        return nil
    }
}
