import Glibc
import SystemSupport

/// Runs one phase's scripts: sourced in order by one `/bin/sh` (so a script can set a variable a later one uses, and
/// `return` ends only itself), after the client's ltsp_config, with the login's variables in the environment. A phase
/// that runs longer than `timeout` is ended: a broken hook must not keep the user from the greeter.
public struct HookRunner: Sendable {
    public static let directory = "/etc/ldm/rc.d"
    public var directory: String
    public var timeout: Duration
    public var log: LDMLog

    public init(directory: String = HookRunner.directory, timeout: Duration = .seconds(60), log: LDMLog) {
        self.directory = directory
        self.timeout = timeout
        self.log = log
    }

    static let wrapper = """
        [ -r \(LDMEnvironmentFile.path) ] && . \(LDMEnvironmentFile.path)
        for script in "$@"; do . "$script"; done
        """

    /// Runs the phase; `variables` are `NAME=value` pairs added to ldm's environment.
    public func run(_ phase: HookPhase, variables: [(String, String)]) {
        let scripts = phase.scripts(in: DirectoryListing.names(in: directory)).map { "\(directory)/\($0)" }
        guard !scripts.isEmpty else { return }
        let environment = Self.environment(adding: variables)
        let started = ProcessSpawn.start(
            "/bin/sh", ["/bin/sh", "-c", Self.wrapper, "ldm-\(phase.rawValue)"] + scripts,
            standard: .descriptors(stdin: nil, stdout: 2, stderr: 2),
            environment: environment, newProcessGroup: true)
        guard case .success(let pid) = started else {
            log.error("hooks \(phase.rawValue): cannot start /bin/sh")
            return
        }
        let status = Children.wait(pid, timeout: timeout, group: true)
        switch status {
        case nil: log.error("hooks \(phase.rawValue): still running after \(timeout.components.seconds) s; ended")
        case 0?: break
        case let code?: log.error("hooks \(phase.rawValue): exited with status \(code)")
        }
    }

    /// ldm's own environment with `variables` set (replacing any of the same name).
    static func environment(adding variables: [(String, String)]) -> [String] {
        let names = Set(variables.map { $0.0 })
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            if !names.contains(name) { result.append(text) }
            pointer += 1
        }
        return result + variables.map { "\($0.0)=\($0.1)" }
    }
}
