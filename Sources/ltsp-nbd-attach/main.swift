import Glibc
import NBDClient

// Runs in the initrd of a diskless client: `ltsp-nbd-attach --export amd64 SERVER 10809 /dev/nbd0` attaches the
// root image. Exit 0 when done, 1 with one line on stderr when not, 2 for arguments that make no command.

let command: AttachCommand
do {
    command = try AttachCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    Console.write("ltsp-nbd-attach: \(error.message)\n\(AttachCommand.usage)")
    exit(2)
}
do {
    print(try command.run(), terminator: command == .help ? "" : "\n")
    exit(0)
} catch {
    Console.write("ltsp-nbd-attach: \(error.message)\n")
    exit(1)
}
