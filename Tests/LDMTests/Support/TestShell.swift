import TestSupport

/// `/bin/sh -c SCRIPT` for checking what a real shell makes of the commands ldm sends.
enum TestShell {
    static func run(_ script: String) throws -> String {
        try Command.run(["sh", "-c", script]).stdout
    }

    static func status(_ script: String) throws -> Int32 {
        try Command.run(["sh", "-c", script]).status
    }
}
