import LTSPConfig
import SystemSupport

/// `/run/ltsp/ltsp_config`: the client's resolved lts.conf as `KEY="value"` lines sorted by key, which the image's
/// scripts source (`. /run/ltsp/ltsp_config`) instead of calling getltscfg for each variable.
public struct ClientConfigFile: Sendable {
    public static let path = "/run/ltsp/ltsp_config"

    public var variables: [(name: String, value: String)]

    public init(_ resolution: LTSConfResolution) {
        variables = resolution.sorted.map { ($0.name, $0.value) }
    }

    public init(variables: [String: String]) {
        self.variables = variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `"`, `\`, `$` and backquote are escaped, so the shell reads back exactly the value.
    public var text: String {
        variables.map { "\($0.name)=\(ShellQuoting.doubleQuoted($0.value))\n" }.joined()
    }
}
