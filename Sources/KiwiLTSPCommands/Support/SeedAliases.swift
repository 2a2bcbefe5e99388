/// The seed's KIWI-LTSP flags: `kiwi-ltsp -c` configures the host. They are spelt as commands here, so a first
/// `-c` is read as `configure` and a first `-s` as `image build`.
enum SeedAliases {
    static let aliases: [String: [String]] = ["-c": ["configure"], "-s": ["image", "build"]]

    static var helpText: String {
        "Seed flags: "
            + aliases.sorted { $0.key < $1.key }
            .map { "\($0.key) = \($0.value.joined(separator: " "))" }.joined(separator: ", ")
    }

    static func rewrite(_ arguments: [String]) -> [String] {
        guard let first = arguments.first, let replacement = aliases[first] else { return arguments }
        return replacement + arguments.dropFirst()
    }
}
