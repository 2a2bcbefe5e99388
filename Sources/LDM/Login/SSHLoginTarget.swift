/// Who logs in where: the user, the server, and the admin's ssh settings from lts.conf.
public struct SSHLoginTarget: Equatable, Sendable {
    public var user: UserName
    public var server: String
    /// `SSH_OVERRIDE_PORT`.
    public var port: UInt16?
    /// `LDM_SSHOPTIONS`, as words.
    public var options: [String]

    public init(user: UserName, server: String, port: UInt16? = nil, options: [String] = []) {
        self.user = user
        self.server = server
        self.port = port
        self.options = options
    }
}
