import Glibc
/// SIGTERM, SIGINT and SIGHUP as a request to stop: the handler only sets a flag (all a signal handler may safely
/// do), and the program's loops look at it, so they can end their children and clean up before exiting. One flag
/// per process: ldm and the demo each install it once.
public enum StopRequest {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    public static func install() {
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number) { _ in StopRequest.flag = 1 }
        }
    }

    public static var received: Bool { flag != 0 }
}
