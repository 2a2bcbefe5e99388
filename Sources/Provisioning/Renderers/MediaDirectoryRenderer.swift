/// `/etc/tmpfiles.d/kiwi-ltsp-media.conf` (tmpfiles.d(5)): `/media` sticky and open to every user, as `/tmp` is, so
/// that a session can make `/media/<user>` for the thin client's USB sticks (ldm then checks that the directory is
/// the user's own, not a link, and keeps it private; each medium is a FUSE mount only its user can open).
public enum MediaDirectoryRenderer {
    public static let path = "/etc/tmpfiles.d/kiwi-ltsp-media.conf"

    public static func render() -> String {
        var lines = GeneratedHeader.lines("tmpfiles.d: /media for the thin clients' removable media.")
        lines.append("d /media 1777 root root -")
        return lines.fileText
    }
}
