import Glibc
import GreeterProtocol
import SystemSupport

/// `ldm-greeter --hostname NAME --address IP`: the login screen. Reads ldm's requests on standard input, writes the
/// user's answers on standard output, draws on `$DISPLAY` with the cookie in `$XAUTHORITY`. Once its window and fonts
/// are open it gives up root (ldm runs as root, the greeter needs nothing of it). It ends on `quit` or when ldm
/// closes its standard input.
public enum GreeterProgram {
    public static func main(arguments: [String]) -> Int32 {
        var hostname = "", address = ""
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--hostname": hostname = remaining.popFirst() ?? ""
            case "--address": address = remaining.popFirst() ?? ""
            default:
                report("usage: ldm-greeter [--hostname NAME] [--address IP] (run by ldm)")
                return 2
            }
        }
        // Xutf8LookupString needs a UTF-8 locale; every Debian system has C.UTF-8.
        if setlocale(LC_ALL, "") == nil || !String(cString: nl_langinfo(nl_item(CODESET))).uppercased().contains("UTF")
        {
            setlocale(LC_ALL, "C.UTF-8")
        }
        let window: GreeterWindow
        do {
            window = try GreeterWindow()
        } catch {
            report("ldm-greeter: \(error)")
            return 1
        }
        if let problem = dropPrivileges() {
            report("ldm-greeter: \(problem)")
            return 1
        }
        var model = GreeterModel(hostname: hostname, address: address)
        return run(window: window, model: &model)
    }

    static func run(window: GreeterWindow, model: inout GreeterModel) -> Int32 {
        let metrics = window.metrics
        var splitter = GreeterLine.Splitter()
        var announced = false
        var drawn: GreeterModel?
        var drawnClock = ""
        var lastSecond = time(nil)
        while !model.finished {
            let clock = clockText()
            if drawn != model || drawnClock != clock {
                window.render(
                    GreeterLayout(
                        model: model, width: window.width, height: window.height, clock: clock,
                        metrics: metrics))
                drawn = model
                drawnClock = clock
                if !announced {
                    // `ready` once the first picture is on the screen, not before.
                    window.sync()
                    send([.ready])
                    announced = true
                }
            }
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: window.connection, events: Int16(POLLIN), revents: 0),
            ]
            _ = poll(&descriptors, 2, 250)
            if descriptors[0].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count == 0 || (count < 0 && errno != EINTR) { return 0 }
                do {
                    for line in try splitter.feed(buffer.prefix(max(0, count))) {
                        send(model.apply(try GreeterRequest(line: Substring(line))))
                    }
                } catch {
                    report("ldm-greeter: \(error)")
                }
            }
            for event in window.pendingEvents() {
                switch event {
                case .key(let key): send(model.press(key))
                case .click(let x, let y):
                    let layout = GreeterLayout(
                        model: model, width: window.width, height: window.height, clock: clock,
                        metrics: metrics)
                    switch layout.target(at: x, y) {
                    case .guest?: send(model.guest())
                    case .menu(let menu)?: send(model.step(menu))
                    case .power(let action)?: send(model.power(action))
                    case nil: break
                    }
                case .expose: drawn = nil
                }
            }
            let now = time(nil)
            if now != lastSecond {
                lastSecond = now
                send(model.tick())
            }
        }
        return 0
    }

    static func send(_ replies: [GreeterReply]) {
        for reply in replies { DescriptorIO.writeAll(reply.line + "\n", to: STDOUT_FILENO) }
    }

    static func report(_ text: String) { DescriptorIO.writeAll(text + "\n", to: STDERR_FILENO) }

    /// `14:05`, local time.
    static func clockText() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        let two = { (value: Int32) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(parts.tm_hour)):\(two(parts.tm_min))"
    }

    /// Root's rights are of no use once the window is open: become nobody (65534).
    static func dropPrivileges() -> String? {
        guard getuid() == 0 else { return nil }
        guard setgroups(0, nil) == 0, setgid(65534) == 0, setuid(65534) == 0 else {
            return "cannot drop root privileges: \(String(cString: strerror(errno)))"
        }
        return nil
    }
}
