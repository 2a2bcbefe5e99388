import GreeterProtocol
import LDMInfoWire

/// What the user logs in to: the server, the session and the language, as the greeter's menus offer them and the
/// user picks them. Forced values (LDM_FORCE_SESSION, LDM_FORCE_LANGUAGE) win and their menus are not shown.
public struct LoginSelection: Equatable, Sendable {
    public static let defaultValue = "default"
    public static let defaultXsession = "/etc/X11/Xsession"

    public var choice: ServerChoice
    public var settings: LDMSettings
    public var host: String?
    /// The user's pick; `default` (or nothing) means lts.conf's LDM_SESSION, else the server's default.
    public var pickedSession: String?
    public var pickedLanguage: String?

    public init(choice: ServerChoice, settings: LDMSettings) {
        self.choice = choice
        self.settings = settings
        host = choice.preselected?.server
    }

    /// The info of the selected server (sessions and languages come from the preselected one, as in LTSP 5).
    public var info: LDMInfo? { host.flatMap { choice.report(for: $0)?.info } ?? choice.preselected?.info }

    /// The menus for the greeter: items, then the current item of each.
    public var greeterRequests: [GreeterRequest] {
        var requests: [GreeterRequest] = choice.servers.map {
            .choice(.host, GreeterMenuItem(value: $0.server, label: $0.label))
        }
        if let host { requests.append(.select(.host, host)) }
        let info = choice.preselected?.info
        if settings.forcedSession == nil {
            requests.append(.choice(.session, GreeterMenuItem(value: Self.defaultValue, label: "Default")))
            requests += (info?.sessions ?? []).map {
                .choice(.session, GreeterMenuItem(value: $0.command, label: $0.label))
            }
            requests.append(
                .select(
                    .session,
                    settings.session.flatMap { session in
                        info?.sessions.first { $0.command == session }?.command
                    } ?? Self.defaultValue))
        }
        if settings.forcedLanguage == nil {
            requests.append(.choice(.language, GreeterMenuItem(value: Self.defaultValue, label: "Default")))
            requests += (info?.languages ?? []).map { .choice(.language, GreeterMenuItem(value: $0, label: $0)) }
            requests.append(
                .select(
                    .language,
                    settings.language.flatMap { language in
                        info?.languages.contains(language) == true ? language : nil
                    } ?? Self.defaultValue))
        }
        return requests
    }

    public mutating func select(_ menu: GreeterMenu, _ value: String) {
        switch menu {
        case .host where choice.report(for: value) != nil: host = value
        case .host: break
        case .session: pickedSession = value
        case .language: pickedLanguage = value
        }
    }

    /// The session command for the server's Xsession.
    public var session: String {
        if let forced = settings.forcedSession { return forced }
        if let picked = pickedSession, picked != Self.defaultValue { return picked }
        return settings.session ?? Self.defaultValue
    }

    /// LANG for the session, when anything says one.
    public var language: String? {
        if let forced = settings.forcedLanguage { return forced }
        if let picked = pickedLanguage, picked != Self.defaultValue { return picked }
        return settings.language ?? info?.languages.first
    }

    /// The server's session script: LDM_XSESSION, else what the info service says, else Debian's.
    public var xsession: String { settings.xsession ?? info?.xsession ?? Self.defaultXsession }

    /// The server for autologin and guest login: the greeter's pick when it is one of LDM_GUEST_SERVER /
    /// LDM_AUTOLOGIN_SERVER, else the first of those, else the selected server.
    public var autoServer: String? {
        guard !settings.autoServers.isEmpty else { return host }
        if let host, settings.autoServers.contains(host) { return host }
        return settings.autoServers.first
    }
}
