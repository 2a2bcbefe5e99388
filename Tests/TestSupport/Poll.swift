import Foundation

/// Waiting for an event a test can see but is not told of: a state, a file, a bound port, a log line.
///
/// The condition is checked every 10 ms until it holds. The deadline only turns a hang into a failure that says what
/// never happened; it is far beyond what any run needs, so no result depends on how fast the machine is.
public enum Poll {
    /// Checks `condition` until it holds; throws a ``TestFailure`` naming `what` after `timeout` seconds.
    /// (Disfavoured, so that in an async test the version that does not block the thread is the one chosen.)
    @_disfavoredOverload
    public static func until(_ what: String, timeout: TimeInterval = 60, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !condition() {
            guard Date() < deadline else { throw TestFailure("timed out after \(Int(timeout)) s waiting for \(what)") }
            usleep(10_000)
        }
    }

    /// Checks `condition` until it holds, sleeping the task (not the thread) in between; throws a ``TestFailure``
    /// naming `what` after `timeout` seconds.
    public static func until(
        _ what: String, timeout: TimeInterval = 60,
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try await !condition() {
            guard Date() < deadline else { throw TestFailure("timed out after \(Int(timeout)) s waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
