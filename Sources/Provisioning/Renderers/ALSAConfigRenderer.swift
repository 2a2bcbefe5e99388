import Glibc
import SystemSupport

/// `/etc/alsa/conf.d/99-kiwi-ltsp-pulse.conf`: ALSA programs in the thin clients' sessions play through PulseAudio,
/// which ldm's `PULSE_SERVER` points at the client's own sound card (needs the pulse plugin, libasound2-plugins).
public enum ALSAConfigRenderer {
    public static let path = "/etc/alsa/conf.d/99-kiwi-ltsp-pulse.conf"

    public static func render() -> String {
        var lines = GeneratedHeader.lines("ALSA: sessions' sound to PulseAudio (the thin client's, via PULSE_SERVER).")
        lines += [
            "pcm.!default {",
            "    type pulse",
            "    hint.description \"PulseAudio (the thin client's speakers in a thin-client session)\"",
            "}",
            "ctl.!default {",
            "    type pulse",
            "}",
        ]
        return lines.fileText
    }

    /// Whether the pulse PCM plugin is installed under `root` (any architecture's alsa-lib directory).
    public static func pluginInstalled(root: RootDirectory) -> Bool {
        DirectoryListing.names(in: root.resolve("/usr/lib")).contains { directory in
            access(root.resolve("/usr/lib/\(directory)/alsa-lib/libasound_module_pcm_pulse.so"), R_OK) == 0
        }
    }
}
