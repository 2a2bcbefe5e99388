import NetworkValues

/// lts.conf's sound settings (LTSP 5's names): `SOUND` (on unless False, when the image has PulseAudio), `VOLUME`
/// and `<CHANNEL>_VOLUME` (0–100) for the sound card's mixer. The client's PulseAudio takes the sessions' sound over
/// TCP on ``port``, from the login servers only (LTSP 5 let anyone on the LAN play and record).
public struct SoundSettings: Equatable, Sendable {
    public struct Volume: Equatable, Sendable {
        /// The ALSA mixer control (`Master`, `PCM`, ...).
        public var control: String
        public var percent: Int

        public init(control: String, percent: Int) {
            self.control = control
            self.percent = percent
        }
    }

    public static let port = 4713
    public static let pulseaudio = "/usr/bin/pulseaudio"
    /// lts.conf name → mixer control.
    static let channels: [(name: String, control: String)] = [
        ("VOLUME", "Master"), ("PCM_VOLUME", "PCM"), ("FRONT_VOLUME", "Front"), ("HEADPHONE_VOLUME", "Headphone"),
        ("SPEAKER_VOLUME", "Speaker"), ("MIC_VOLUME", "Mic"), ("CAPTURE_VOLUME", "Capture"), ("LINE_VOLUME", "Line"),
        ("CD_VOLUME", "CD"),
    ]

    public var enabled: Bool
    public var volumes: [Volume] = []
    /// One message per setting that could not be used.
    public var problems: [String] = []

    public init(_ value: (String) -> String?, pulseaudioInstalled: Bool) {
        enabled = pulseaudioInstalled && YesNo.parseLTSConf(value("SOUND") ?? "") != false
        for (name, control) in Self.channels {
            guard let text = value(name) else { continue }
            let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
            guard let percent = Int(digits), (0...100).contains(percent) else {
                problems.append("\(name)=\(text): expected 0-100")
                continue
            }
            volumes.append(Volume(control: control, percent: percent))
        }
    }

    /// PulseAudio's startup script: every sound card udev knows, the local socket, and TCP for `servers` (and the
    /// client itself) only.
    public static func script(servers: Set<IPv4Address>) -> String {
        let allowed = (["127.0.0.1"] + servers.sorted().map { $0.description }).joined(separator: ";")
        return """
            # Written by ltsp-client from lts.conf; replaced at every boot.
            load-module module-udev-detect
            load-module module-native-protocol-unix
            load-module module-native-protocol-tcp port=\(port) auth-ip-acl=\(allowed)
            load-module module-always-sink

            """
    }

    /// PulseAudio in system mode that never exits, without shared memory (its clients are on other machines).
    public static func command(script: String) -> [String] {
        [
            pulseaudio, "--system", "--disallow-exit", "--exit-idle-time=-1", "--disable-shm", "--daemonize=no",
            "--use-pid-file=no", "--realtime=no", "-n", "--file=\(script)", "--log-target=stderr",
        ]
    }

    /// `PULSE_SERVER` for a session on a server: this client's PulseAudio over TCP.
    public static func pulseServer(client: String) -> String { "tcp:\(client):\(port)" }
}
