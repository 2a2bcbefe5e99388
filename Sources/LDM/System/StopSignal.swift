import LTSPConfig

/// SIGTERM, SIGINT and SIGHUP (ltsp-client hanging up its screens, a shutdown) ask ldm to stop: the handler only sets a
/// flag, and every wait in ldm looks at it, so the session, the greeter, ssh and X are ended in order and nothing of
/// them outlives ldm.
enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    static func install() {
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number) { _ in StopSignal.flag = 1 }
        }
    }

    static var received: Bool { flag != 0 }
}
