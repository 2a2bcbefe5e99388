import LTSPConfig
import SystemSupport

extension DisplayManager {
    /// The session through the master: the client's identity (and with LDM_DIRECTX its display and cookie) in the
    /// environment, the hooks around it, and at the end the master closed and nothing of the user left here.
    func runSession(_ master: SSHMaster, selection: LoginSelection) {
        let runner = SessionRunner(master: master, environment: childEnvironment, log: log)
        let variables = hookVariables(login: master.target, selection: selection)
        hooks.run(.start, variables: variables)
        if settings.limitOneSession && runner.run(SessionCommand.endOtherSessions) != 0 {
            log.error("LDM_LIMIT_ONE_SESSION: could not end the other sessions of \(master.target.user)")
        }
        // The address this client has toward the server it logged in to (a client may have several).
        let client = ClientAddress.toward(master.target.server)
        var environment: [(String, String)] = [
            ("LTSP_CLIENT", client.address ?? ""),
            ("LTSP_CLIENT_HOSTNAME", client.hostname),
        ]
        if let mac = client.mac { environment.append(("LTSP_CLIENT_MAC", mac)) }
        if let language = selection.language { environment.append(("LANG", language)) }
        if settings.sound, let address = client.address {
            environment.append(("PULSE_SERVER", SoundSettings.pulseServer(client: address)))
        }
        if settings.directX, let address = client.address {
            let display = "\(address):\(settings.display)"
            let added = runner.run(SessionCommand.addCookie(display: display, cookieHex: XAuthority.hex(x.cookie)))
            if added != 0 {
                log.error("LDM_DIRECTX: xauth on \(master.target.server) failed; the session may not start")
            }
            environment.append(("DISPLAY", display))
        }
        hooks.run(.xsession, variables: variables)
        let command = SessionCommand.session(
            xsession: selection.xsession, session: selection.session,
            environment: environment)
        log.info(
            "session: \(master.target.user)@\(master.target.server) runs \(selection.session)"
                + (settings.directX ? " on \(environment.last?.1 ?? "") (LDM_DIRECTX)" : " over ssh X forwarding"))
        let stopwatch = Stopwatch()
        let media =
            settings.localDevices.enabled
            ? SessionMedia(settings: settings.localDevices, master: master, environment: childEnvironment, log: log)
            : nil
        let end = runner.session(command, forwardX: !settings.directX) {
            media?.poll()
            return x.isRunning && master.isRunning && !StopRequest.received
        }
        media?.close()
        switch end {
        case .loggedOut(255):
            // ssh's own failure status: the connection went (the server ended it, or the network did).
            log.info("session of \(master.target.user) ended: the connection to \(master.target.server) was closed")
        case .loggedOut(let status):
            log.info(
                "logout: \(master.target.user)@\(master.target.server) after \(Int(stopwatch.seconds)) s"
                    + (status == 0 ? "" : " (session exited with status \(status))"))
        case .stopped:
            let reason = StopRequest.received ? "ldm is stopping" : x.isRunning ? "the connection closed" : "X died"
            log.info("session of \(master.target.user) ended: \(reason)")
        case .failedToStart(let reason):
            log.error("the session did not start: \(reason)")
        }
        hooks.run(.stop, variables: variables)
        master.close(environment: childEnvironment)
    }
}
