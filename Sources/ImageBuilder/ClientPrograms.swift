import LTSPConfig

/// Our programs that go into the image and the initrd, built with the static standard library: looked for in
/// `KIWI_LTSP_CLIENT_DIR`, beside the running `kiwi-ltsp`, then in `/usr/lib/kiwi-ltsp/client`.
public struct ClientPrograms: Equatable, Sendable {
    public var client: String
    public var nbdAttach: String

    public static let names = ["ltsp-client", "ltsp-nbd-attach"]

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = RunningExecutable.path) throws(ImageBuildError) -> ClientPrograms {
        var directories: [String] = []
        if let directory = environment["KIWI_LTSP_CLIENT_DIR"], !directory.isEmpty { directories.append(directory) }
        if !executable.isEmpty { directories.append(TextFile.parentDirectory(of: executable)) }
        directories.append("/usr/lib/kiwi-ltsp/client")
        for directory in directories where names.allSatisfy({ access("\(directory)/\($0)", X_OK) == 0 }) {
            return ClientPrograms(client: "\(directory)/ltsp-client", nbdAttach: "\(directory)/ltsp-nbd-attach")
        }
        throw .missing(path: names.joined(separator: ", "),
                       hint: "looked in \(directories.joined(separator: ", ")); build them with `swift build`")
    }
}
