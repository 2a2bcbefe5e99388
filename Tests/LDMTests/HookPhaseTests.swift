import Foundation
import Testing
import TestSupport

@testable import LDM

struct HookPhaseTests {
    let names = [
        "S10-sound", "I01-xrandr", "S01-xauth", "S10-sound~", "S20-x.dpkg-old", "X50-env", "K99-cleanup",
        "P10-check", "README", "s10-lower",
    ]

    @Test func eachPhaseTakesItsLetterInNameOrder() {
        #expect(HookPhase.initialize.scripts(in: names) == ["I01-xrandr"])
        #expect(HookPhase.pressh.scripts(in: names) == ["P10-check"])
        #expect(HookPhase.start.scripts(in: names) == ["S01-xauth", "S10-sound"])
        #expect(HookPhase.xsession.scripts(in: names) == ["X50-env"])
        #expect(HookPhase.stop.scripts(in: names) == ["K99-cleanup"])
    }

    /// The scripts are sourced by one shell, see ldm's variables, and share variables; a failing one is logged.
    @Test func runnerSourcesScriptsInOneShellWithTheVariables() throws {
        let directory = try TestDirectory("hooks")
        try directory.write("S01-first", "SHARED=from-first\n")
        try directory.write("S02-second", "echo \"$LDM_USERNAME@$LDM_SERVER $SHARED\" > \(directory.path)/out\n")
        try directory.write("K01-other", "echo no > \(directory.path)/out-k\n")
        HookRunner(directory: directory.path, log: LDMLog(prefix: "test"))
            .run(.start, variables: [("LDM_USERNAME", "alice"), ("LDM_SERVER", "10.0.0.1")])
        #expect(try directory.read("out") == "alice@10.0.0.1 from-first\n")
        #expect(!directory.exists("out-k"))
    }

    /// A hook that never ends is ended when its phase runs out of time: the shell that ran it, and what it started, are
    /// gone.
    @Test func aHangingHookIsEnded() throws {
        let directory = try TestDirectory("hooks-hang")
        try directory.write(
            "P01-hang", "echo $$ > \(directory.path)/pid; sleep 600 & echo $! > \(directory.path)/child; wait\n")
        HookRunner(directory: directory.path, timeout: .milliseconds(500), log: LDMLog(prefix: "test"))
            .run(.pressh, variables: [])
        let pid = try #require(Int32(try directory.read("pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) != 0)
        // What the hook started is ended with it (a leftover would hold ldm's stderr open).
        let child = try #require(Int32(try directory.read("child").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(ProcessWatch.ends(child, within: 2), "the hook's background child is still running")
    }
}
