/// AoEr11 §2.6: the command field of the header.
public enum AoECommand {
    /// An ATA command with its 12-byte argument and, for writes, data (§3).
    public static let ata: UInt8 = 0
    /// A config query or set (§3.2).
    public static let queryConfig: UInt8 = 1
    /// MAC mask list (§3.3): not offered by this target.
    public static let macMask: UInt8 = 2
    /// Reserve/release (§3.4): not offered by this target.
    public static let reserveRelease: UInt8 = 3
}
