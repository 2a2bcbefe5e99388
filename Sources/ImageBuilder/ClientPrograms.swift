import Foundation
import Glibc
import Provisioning
import SystemSupport

/// Our programs that go into the image and the initrd, built with the static standard library: looked for in
/// `KIWI_LTSP_CLIENT_DIR`, beside the running `kiwi-ltsp`, then in `/usr/lib/kiwi-ltsp/client`. Those of another
/// architecture than the server's are in a subfolder named after it (`i386/`, made by `scripts/build-clients-i386`).
public struct ClientPrograms: Equatable, Sendable {
    public var client: String
    public var nbdAttach: String
    /// The display manager and its greeter (the `thin` profile's screens).
    public var ldm: String
    public var greeter: String

    public static let names = ["ltsp-client", "ltsp-nbd-attach", "ldm", "ldm-greeter"]
    /// What `swift build` makes: the programs for the server's own architecture.
    public static let hostArch = "amd64"

    public static func locate(
        arch: String = hostArch,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = RunningExecutable.path
    ) throws(ImageBuildError) -> ClientPrograms {
        var directories: [String] = []
        if let directory = environment["KIWI_LTSP_CLIENT_DIR"], !directory.isEmpty { directories.append(directory) }
        if !executable.isEmpty { directories.append(TextFile.parentDirectory(of: executable)) }
        directories.append("/usr/lib/kiwi-ltsp/client")
        let native = arch == hostArch
        if !native { directories = directories.map { "\($0)/\(arch)" } }
        for directory in directories where names.allSatisfy({ access("\(directory)/\($0)", X_OK) == 0 }) {
            return ClientPrograms(
                client: "\(directory)/ltsp-client", nbdAttach: "\(directory)/ltsp-nbd-attach",
                ldm: "\(directory)/ldm", greeter: "\(directory)/ldm-greeter")
        }
        throw .missing(
            path: names.joined(separator: ", ") + (native ? "" : " for \(arch)"),
            hint: "looked in \(directories.joined(separator: ", ")); build them with "
                + (native ? "`swift build`" : "`scripts/build-clients-\(arch)`"))
    }

    /// `program` without its debug information: strip(1)'s output, or the program as it is when strip is missing or
    /// fails.
    public static func strippedBytes(of program: String) throws(ImageBuildError) -> [UInt8] {
        let temporary = "/tmp/kiwi-ltsp-strip-\(getpid())"
        defer { unlink(temporary) }
        do {
            if let outcome = try? SystemProcessRunner().run(CommandInvocation(["strip", "-o", temporary, program])),
                outcome.status == 0
            {
                return try TextFile.readBytes(temporary)
            }
            return try TextFile.readBytes(program)
        } catch { throw ImageBuildError(error) }
    }
}
