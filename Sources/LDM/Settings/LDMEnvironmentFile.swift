import LTSPConfig
import SystemSupport

/// `/run/ltsp/ltsp_config`, the client's resolved lts.conf that ltsp-client writes as shell `KEY="value"` lines.
public enum LDMEnvironmentFile {
    public static let path = "/run/ltsp/ltsp_config"

    /// The variables; a missing file is no variables (ldm then runs with LTSP's defaults) and says so.
    public static func read(_ path: String = path) -> (variables: [String: String], problem: String?) {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            return ([:], "\(error); using the defaults")
        }
        let parsed = SysconfigParser().parse(text)
        var variables: [String: String] = [:]
        for assignment in parsed.assignments { variables[assignment.key] = assignment.value }
        let problem = parsed.errors.first.map { "\(path):\($0.line): \($0.message)" }
        return (variables, problem)
    }
}
