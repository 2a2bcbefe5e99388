import Glibc
import LTSPConfig
import SystemSupport

/// What ldm reads from the client's lts.conf (resolved by ltsp-client into `/run/ltsp/ltsp_config`), for one screen:
/// `SCREEN_07_LDM_USERNAME=x` is `LDM_USERNAME=x` on screen 07 only. Defaults and meanings follow LTSP 5.
public struct LDMSettings: Equatable, Sendable {
    /// Two digits, as in `SCREEN_07`: the display `:7` and the virtual terminal `vt7`.
    public var screen: String
    /// `LDM_SERVER` (space-separated), else `SERVER`, else the boot server: where users log in.
    public var servers: [String]
    /// `LDM_DIRECTX`: X traffic straight to the client's X server (TCP), not through ssh.
    public var directX: Bool
    /// `LDM_AUTOLOGIN`: log in as ``autoUser`` with no greeter.
    public var autologin: Bool
    /// `LDM_GUESTLOGIN`: the greeter shows a guest button.
    public var guestLogin: Bool
    /// `LDM_LOGIN_TIMEOUT`: seconds of an idle greeter before the guest is logged in; 0 never.
    public var loginTimeout: Int
    /// The user of autologin and guest login: `LDM_USERNAME`, else `HOST_TO_USERNAME` applied to the host name,
    /// else the host name.
    public var autoUser: String?
    /// `LDM_PASSWORD`, else the user name (LTSP 5).
    public var autoPassword: String?
    /// `LDM_GUEST_SERVER`, else `LDM_AUTOLOGIN_SERVER`: the server for autologin and guest login (else the first).
    public var autoServers: [String]
    /// `LDM_SESSION`: the session command given to the server's Xsession when the user picks none.
    public var session: String?
    /// `LDM_FORCE_SESSION`: the session, whatever the user picks (the greeter shows no session menu).
    public var forcedSession: String?
    /// `LDM_LANGUAGE`: the default language (LANG) of the session.
    public var language: String?
    /// `LDM_FORCE_LANGUAGE`: the language, whatever the user picks.
    public var forcedLanguage: String?
    /// `LDM_XSESSION`: the server's session script, when its info service does not say.
    public var xsession: String?
    /// `LDM_LIMIT_ONE_SESSION`: a login ends the user's other sessions on that server.
    public var limitOneSession: Bool
    /// `LDM_SSHOPTIONS`: more ssh options, split into words (never through a shell).
    public var sshOptions: [String]
    /// `SSH_OVERRIDE_PORT`: the servers' ssh port.
    public var sshPort: UInt16?
    /// `X_COLOR_DEPTH`: the X server's `-depth`.
    public var colorDepth: Int?
    /// `SOUND`: the session plays through this client's PulseAudio (`PULSE_SERVER`).
    public var sound: Bool
    /// `LOCALDEV` and the rest: the client's removable media in the session.
    public var localDevices: LocalDeviceSettings

    /// `variables` as in ltsp_config; `hostname` is the client's (for guest and autologin users).
    public init(variables: [String: String], screen: String, hostname: String?, bootServer: String?) {
        var values = variables
        let prefix = "SCREEN_\(screen)_"
        for (name, value) in variables where name.hasPrefix(prefix) && name.count > prefix.count {
            values[String(name.dropFirst(prefix.count))] = value
        }
        func text(_ name: String) -> String? {
            guard let value = values[name]?.trimmed(), !value.isEmpty else { return nil }
            return value
        }
        func flag(_ name: String) -> Bool {
            guard let value = text(name)?.lowercased() else { return false }
            return value == "y" || value == "yes" || value == "true"
        }
        func words(_ name: String) -> [String] {
            (text(name) ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
        self.screen = screen
        let listed = words("LDM_SERVER")
        servers = !listed.isEmpty ? listed : (text("SERVER") ?? bootServer).map { [$0] } ?? []
        directX = flag("LDM_DIRECTX")
        autologin = flag("LDM_AUTOLOGIN")
        guestLogin = flag("LDM_GUESTLOGIN")
        loginTimeout = text("LDM_LOGIN_TIMEOUT").flatMap { Int($0) }.map { max(0, $0) } ?? 0
        let user =
            text("LDM_USERNAME")
            ?? hostname.flatMap { name in
                text("HOST_TO_USERNAME").flatMap { Self.mapHostToUser(name, rule: $0) } ?? name
            }
        autoUser = user
        autoPassword = text("LDM_PASSWORD") ?? user
        let guestServers = words("LDM_GUEST_SERVER")
        autoServers = guestServers.isEmpty ? words("LDM_AUTOLOGIN_SERVER") : guestServers
        session = text("LDM_SESSION")
        forcedSession = text("LDM_FORCE_SESSION")
        language = text("LDM_LANGUAGE")
        forcedLanguage = text("LDM_FORCE_LANGUAGE")
        xsession = text("LDM_XSESSION")
        limitOneSession = flag("LDM_LIMIT_ONE_SESSION")
        sshOptions = words("LDM_SSHOPTIONS")
        sshPort = text("SSH_OVERRIDE_PORT").flatMap { UInt16($0) }.flatMap { $0 == 0 ? nil : $0 }
        sound = SoundSettings({ text($0) }, pulseaudioInstalled: access(SoundSettings.pulseaudio, X_OK) == 0).enabled
        localDevices = LocalDeviceSettings({ text($0) })
        colorDepth = text("X_COLOR_DEPTH").flatMap { Int($0) }.flatMap { [8, 15, 16, 24, 30].contains($0) ? $0 : nil }
    }

    /// The display number, `7` for screen `07`.
    public var display: Int { Int(screen) ?? 7 }

    /// LTSP 5's `HOST_TO_USERNAME=FROM/TO`: a host name that is FROM followed by a digit has FROM replaced by TO
    /// (`pc/guest` makes `pc01` the user `guest01`); other host names are not mapped.
    public static func mapHostToUser(_ hostname: String, rule: String) -> String? {
        guard let slash = rule.firstIndex(of: "/") else { return nil }
        let from = rule[..<slash], to = rule[rule.index(after: slash)...]
        guard !from.isEmpty, hostname.hasPrefix(from) else { return nil }
        let rest = hostname.dropFirst(from.count)
        guard let first = rest.first, first.isASCII, first.isNumber else { return nil }
        return String(to) + rest
    }
}
