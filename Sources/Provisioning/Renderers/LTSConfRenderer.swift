import LTSPConfig

/// The starting `TFTP_ROOT/KIWI/lts.conf`: one live setting per common variable family and the rest as commented
/// examples. It is the admin's file from then on: the plan writes it only when none exists.
public enum LTSConfRenderer {
    public static func render(_ configuration: ServerConfiguration) -> String {
        let network =
            configuration.clientNetwork.map { net -> String in
                let octets = net.networkAddress.octets.map(String.init)
                return octets.prefix(max(1, net.prefixLength / 8)).joined(separator: ".") + ".*"
            } ?? "192.168.67.*"
        let lines = [
            "# lts.conf: settings for the thin clients, read at boot over TFTP (KIWI/lts.conf).",
            "# Written once by `kiwi-ltsp configure`; it is yours now and is never overwritten.",
            "#",
            "# Sections: [default] applies to every client; a section named after a client's host name, IP address or",
            "# MAC address (aa:bb:cc:dd:ee:ff) applies to that client, and glob patterns such as [\(network)] to",
            "# every match. The most specific value wins. LIKE = NAME pulls in the section [NAME] (a group).",
            "# A value of NONE removes a variable. Booleans: True/False.",
            "",
            "[default]",
            "    # The display manager on screen 7 (SCREEN_01..SCREEN_12 may run ldm, shell or other screen scripts).",
            "    SCREEN_07 = ldm",
            "    # X traffic unencrypted over the network instead of through ssh: faster, for trusted networks only.",
            "    LDM_DIRECTX = False",
            "    # Sound through PulseAudio on the client.",
            "    SOUND = True",
            "    # USB sticks, CDs and other local media in the user's session.",
            "    LOCALDEV = True",
            "    # A printer on the client, shared as a raw socket on port 9100:",
            "    #PRINTER_0_DEVICE = /dev/usb/lp0",
            "    # Keyboard layout and time zone:",
            "    #XKBLAYOUT = de",
            "    #TIMEZONE = Europe/Berlin",
            "    # Log straight in as a fixed user (kiosks):",
            "    #LDM_AUTOLOGIN = True",
            "    #LDM_USERNAME = kiosk",
            "",
            "# A group of clients with a shared setting, used with LIKE:",
            "[classroom]",
            "    XKBLAYOUT = us",
            "",
            "# One client by MAC address, in the classroom group with its own printer:",
            "#[52:54:00:12:34:56]",
            "#    LIKE = classroom",
            "#    PRINTER_0_DEVICE = /dev/usb/lp0",
        ]
        return lines.fileText
    }
}
