import Glibc
import GreeterProtocol
import SystemSupport

extension DisplayManager {
    /// How a login is to be made: a user the greeter got, or the autologin or guest user with its password.
    struct Credentials {
        var user: UserName
        var server: String
        /// The answer to the first password prompt (autologin, guest, a password just changed); nil: ask the user.
        var password: String?
    }

    /// One greeter's life: ask, log in, run the session; or X died, or the machine is to go down.
    func round() -> Round {
        let reports = InfoQuery().reports(for: settings.servers)
        for report in reports { log.info("server \(report.server): \(report.label)") }
        var selection = LoginSelection(choice: ServerChoice(reports), settings: settings)
        let greeter: GreeterProcess
        do {
            greeter = try startGreeter(selection)
        } catch {
            log.error("\(error)")
            sleep(5)
            return lostGreeter()
        }
        var prefilled: Credentials? = autologinPending ? autoCredentials(selection) : nil
        autologinPending = false
        while true {
            let credentials: Credentials
            if let next = prefilled {
                credentials = next
                prefilled = nil
            } else {
                switch askUser(greeter, &selection) {
                case .credentials(let asked): credentials = asked
                case .round(let end): return end
                }
            }
            greeter.send(.busy("Logging in to \(credentials.server) as \(credentials.user)…"))
            let target = SSHLoginTarget(
                user: credentials.user, server: credentials.server, port: settings.sshPort,
                options: settings.sshOptions)
            hooks.run(.pressh, variables: hookVariables(login: target, selection: selection))
            var newPassword: String?
            let outcome = login(target, password: credentials.password, greeter: greeter, newPassword: &newPassword)
            switch outcome {
            case .loggedIn(let master):
                log.info("logged in: \(target.user)@\(target.server)")
                greeter.quit()
                runSession(master, selection: selection)
                autologinPending = settings.autologin
                return .again
            case .passwordChanged:
                log.info("password of \(target.user) changed on \(target.server); logging in with the new one")
                greeter.send(.message("Your password was changed. Logging in with the new password…"))
                prefilled = Credentials(user: credentials.user, server: credentials.server, password: newPassword)
            case .failed(let failure):
                log.info("login failed: \(target.user)@\(target.server): \(failure)")
                greeter.send(.message(failure.description))
                if case .unreachable = failure, let next = selection.choice.server(after: credentials.server) {
                    selection.host = next
                    greeter.send(.select(.host, next))
                    greeter.send(.message("\(failure.description) Trying \(next) next."))
                }
            case .cancelled:
                return lostGreeter()
            }
        }
    }

    enum Asked {
        case credentials(Credentials)
        case round(Round)
    }

    /// The greeter asks for a user name (or the guest button, or the countdown) until it has a usable one.
    func askUser(_ greeter: GreeterProcess, _ selection: inout LoginSelection) -> Asked {
        greeter.send(.prompt("Username:"))
        while true {
            switch waitForGreeter(greeter) {
            case .reply(.entry(let text)):
                do throws(LoginFailure) {
                    guard let server = selection.host else { throw LoginFailure.unreachable("No server to log in to.") }
                    return .credentials(Credentials(user: try UserName(text), server: server, password: nil))
                } catch {
                    log.info("user name refused before ssh: \(error)")
                    greeter.send(.message("\(error)"))
                    greeter.send(.prompt("Username:"))
                }
            case .reply(.guest), .reply(.timeout):
                if let credentials = autoCredentials(selection) { return .credentials(credentials) }
                greeter.send(.message("No guest user is set up for this client (LDM_USERNAME)."))
            case .reply(.selected(let menu, let value)):
                selection.select(menu, value)
            case .reply(.ready):
                continue
            case .reply(let power):
                greeter.quit()
                return .round(.power(power))
            case .gone:
                return .round(lostGreeter())
            case .idle:
                continue
            }
        }
    }

    /// A greeter event, checking every second that X is still there and ldm was not told to stop.
    func waitForGreeter(_ greeter: GreeterProcess) -> GreeterProcess.Event {
        while true {
            let event = greeter.next(timeout: .seconds(1))
            if event != .idle { return event }
            if !x.isRunning || StopRequest.received { return .gone }
        }
    }

    /// Why the greeter went away: ldm is stopping, X died, or the greeter itself ended (start another).
    func lostGreeter() -> Round {
        if StopRequest.received { return .stopped }
        // A greeter that lost its X connection can end before X is reaped: give X a moment to be seen gone.
        let deadline = ContinuousClock.now + .seconds(1)
        while x.isRunning && ContinuousClock.now < deadline { usleep(50_000) }
        return x.isRunning ? .again : .xDied
    }

    /// The autologin / guest user and password (LTSP 5: LDM_USERNAME or the host name, LDM_PASSWORD or the name).
    func autoCredentials(_ selection: LoginSelection) -> Credentials? {
        guard let name = settings.autoUser, let user = try? UserName(name), let server = selection.autoServer else {
            log.error("autologin: no usable LDM_USERNAME")
            return nil
        }
        return Credentials(user: user, server: server, password: settings.autoPassword)
    }

    /// The ssh login; prompts go to the greeter, except the first password prompt when the password is known.
    func login(
        _ target: SSHLoginTarget, password: String?, greeter: GreeterProcess,
        newPassword: inout String?
    ) -> SSHLogin.Outcome {
        var preset = password
        var changed: String?
        var login = SSHLogin(
            target: target, socket: socketPath(for: target.server), forwardX: !settings.directX,
            environment: childEnvironment)
        login.knownHosts = options.knownHosts
        let outcome = login.run(shouldStop: { StopRequest.received || !x.isRunning }) { prompt in
            if prompt.kind == .password, let known = preset {
                preset = nil
                return .text(known)
            }
            if !prompt.notice.isEmpty { greeter.send(.message(prompt.notice.joined(separator: "\n"))) }
            log.info("greeter asks: \(prompt.text)")
            greeter.send(prompt.hidden ? .hiddenPrompt(prompt.text) : .prompt(prompt.text))
            while true {
                switch waitForGreeter(greeter) {
                case .reply(.entry(let text)):
                    if prompt.kind == .newPassword || prompt.kind == .retypeNewPassword { changed = text }
                    greeter.send(.busy("Logging in to \(target.server) as \(target.user)…"))
                    return .text(text)
                case .gone: return .cancel
                case .reply, .idle: continue
                }
            }
        }
        newPassword = changed
        return outcome
    }

    func startGreeter(_ selection: LoginSelection) throws(LoginFailure) -> GreeterProcess {
        let greeter = try GreeterProcess(
            executable: options.greeter,
            arguments: ["--hostname", client.hostname, "--address", client.address ?? ""],
            environment: childEnvironment, log: log)
        greeter.send(.allowGuest(settings.guestLogin && settings.autoUser != nil))
        for request in selection.greeterRequests { greeter.send(request) }
        if settings.loginTimeout > 0 && settings.autoUser != nil { greeter.send(.countdown(settings.loginTimeout)) }
        // Its first picture is on the screen before anything goes on (an autologin shows "Logging in…").
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline {
            switch greeter.next(timeout: .seconds(1)) {
            case .reply(.ready):
                log.info("greeter ready on \(x.display)" + memoryNote())
                return greeter
            case .gone:
                throw .other("the greeter \(options.greeter) ended at start")
            case .reply, .idle:
                if !x.isRunning || StopRequest.received { throw .other("X went away while the greeter started") }
            }
        }
        log.error("the greeter did not say it was ready within 30 s; going on")
        return greeter
    }

    /// `, 83 MiB of 491 MiB in use`: what the client has left, for the console at the greeter.
    func memoryNote() -> String {
        guard let text = try? TextFile.read("/proc/meminfo") else { return "" }
        var fields: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count >= 2, let value = Int(words[1]) { fields[String(words[0].dropLast())] = value }
        }
        guard let total = fields["MemTotal"], let available = fields["MemAvailable"] else { return "" }
        return ", \((total - available) / 1024) MiB of \(total / 1024) MiB in use"
    }
}
