/// RFC 4861 §4.2: a Router Advertisement that says "there is no router here": router lifetime 0 (§6.2.5: not a
/// default router), no managed (M) or other-configuration (O) flag (so no DHCPv6 is started), no prefix. iPXE waits
/// for the first advertisement (or about 13 s) before it goes on without IPv6; this one ends the wait and gives no
/// client an IPv6 route. The checksum is left 0: the kernel fills it in for ICMPv6 raw sockets (RFC 3542 §3.1).
public enum RouterAdvertisementMessage {
    public static let type: UInt8 = 134
    public static let solicitationType: UInt8 = 133

    /// The 16 bytes of ICMPv6: type, code, checksum, current hop limit, flags, router lifetime, reachable time,
    /// retransmission timer.
    public static let bytes: [UInt8] = [type, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

    /// RFC 4861 §6.1.1: a Router Solicitation is type 133, code 0, at least 8 bytes.
    public static func isSolicitation(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes[0] == solicitationType && bytes[1] == 0
    }
}
