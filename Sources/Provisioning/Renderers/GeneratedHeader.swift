/// The first lines of every file we own, so an admin knows where it came from and that edits are replaced.
enum GeneratedHeader {
    static func lines(_ what: String, comment: String = "#") -> [String] {
        [
            "\(comment) \(what)",
            "\(comment) Written by `kiwi-ltsp configure` from /etc/sysconfig/kiwi-ltsp; changes here are replaced on the",
            "\(comment) next run (the previous file is kept under /var/lib/kiwi-ltsp/backup). Edit the configuration instead.",
        ]
    }
}

extension Array where Element == String {
    /// The lines joined with newlines, ending in one.
    var fileText: String { joined(separator: "\n") + "\n" }
}
