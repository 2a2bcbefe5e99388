import Foundation

/// Waiting for a process that is not our child to end.
public enum ProcessWatch {
    /// Whether `pid` has ended (gone, or a zombie its parent has not reaped yet) within `seconds`.
    public static func ends(_ pid: pid_t, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let fields = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
                .split(separator: ")").last?.split(separator: " ")
            if fields == nil || fields?.first == "Z" { return true }
            if Date() >= deadline { return false }
            usleep(20_000)
        }
    }
}
