import Foundation

/// A cupsd of our own for a test: its configuration, spool and logs in a scratch directory, listening only on a
/// socket there (`CUPS_SERVER` points lpadmin, lpstat and lp at it), stopped when the value goes.
public final class PrivateCUPS {
    public let directory: String
    public var socketPath: String { directory + "/cups.sock" }
    public var environment: [String: String] { ["CUPS_SERVER": socketPath] }
    private let pid: pid_t

    public static let tools = ["cupsd", "lpadmin", "lpstat", "lp"]

    /// `namespace`: cupsd runs there, so its backends reach that namespace's network.
    public init(_ label: String, namespace: NetworkNamespace? = nil) throws {
        directory = try BuiltProducts.scratchDirectory(label)
        for sub in ["etc/ppd", "spool/tmp", "cache", "state", "log"] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        chmod(directory, 0o755)
        try """
        Listen \(directory)/cups.sock
        LogLevel warn
        WebInterface No
        <Location />
          Order allow,deny
          Allow localhost
        </Location>
        <Policy default>
          <Limit All>
            Order deny,allow
          </Limit>
        </Policy>

        """.write(toFile: "\(directory)/etc/cupsd.conf", atomically: true, encoding: .utf8)
        try """
        ServerRoot \(directory)/etc
        RequestRoot \(directory)/spool
        TempDir \(directory)/spool/tmp
        CacheDir \(directory)/cache
        StateDir \(directory)/state
        ErrorLog \(directory)/log/error_log
        AccessLog \(directory)/log/access_log
        PageLog \(directory)/log/page_log
        SystemGroup root

        """.write(toFile: "\(directory)/etc/cups-files.conf", atomically: true, encoding: .utf8)
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }
        let prefix = namespace.map { ["ip", "netns", "exec", $0.name] } ?? []
        pid = try Spawn.start(
            prefix + ["cupsd", "-f", "-c", "\(directory)/etc/cupsd.conf", "-s", "\(directory)/etc/cups-files.conf"],
            stdin: null, stdout: null, stderr: null)
        let deadline = Date().addingTimeInterval(15)
        while !FileManager.default.fileExists(atPath: socketPath) {
            guard Date() < deadline else { throw TestFailure("cupsd did not make \(socketPath)") }
            usleep(50_000)
        }
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The cupsd log, for failure messages.
    public var log: String { (try? String(contentsOfFile: "\(directory)/log/error_log", encoding: .utf8)) ?? "" }
}
