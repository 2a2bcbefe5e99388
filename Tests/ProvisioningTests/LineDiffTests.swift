import Testing
@testable import Provisioning

struct LineDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(LineDiff.unified(old: "a\nb\n", new: "a\nb\n", oldName: "x", newName: "x") == "")
    }

    @Test func oneChangedLineWithContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        #expect(
            LineDiff.unified(old: old, new: new, oldName: "a", newName: "b") == """
                --- a
                +++ b
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8

                """)
    }

    @Test func newFileIsAllAdditions() {
        #expect(
            LineDiff.unified(old: "", new: "x\ny\n", oldName: "/dev/null", newName: "f") == """
                --- /dev/null
                +++ f
                @@ -0,0 +1,2 @@
                +x
                +y

                """)
    }

    @Test func distantChangesMakeTwoHunks() {
        let old = (1...20).map(String.init).joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "\n2\n", with: "\ntwo\n").replacingOccurrences(of: "\n19\n", with: "\n")
        let diff = LineDiff.unified(old: old, new: new, oldName: "a", newName: "b")
        #expect(diff.components(separatedBy: "\n@@").count == 3)
        #expect(diff.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n"))
        #expect(diff.contains("@@ -16,5 +16,4 @@\n 16\n 17\n 18\n-19\n 20\n"))
    }

    @Test(arguments: [
        (["a", "b", "c"], ["a", "c"]),
        (["a", "b"], ["b", "a"]),
        ([], ["x"]),
        (["x", "y", "z", "x"], ["y", "x", "z", "x", "q"]),
    ])
    func operationsRebuildBothSides(old: [String], new: [String]) {
        let script = LineDiff.operations(old, new)
        let rebuiltOld = script.compactMap { op -> String? in
            switch op {
            case .same(let l), .removed(let l): return l;
            case .added: return nil
            }
        }
        let rebuiltNew = script.compactMap { op -> String? in
            switch op {
            case .same(let l), .added(let l): return l;
            case .removed: return nil
            }
        }
        #expect(rebuiltOld == old)
        #expect(rebuiltNew == new)
    }
}
