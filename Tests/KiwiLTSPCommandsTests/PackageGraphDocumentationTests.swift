import Foundation
import Testing

/// The README's dependency graph is the package's: every `A → B` it draws is a dependency `Package.swift` declares
/// between our own modules, and every such dependency is drawn.
struct PackageGraphDocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    struct Edge: Hashable, CustomStringConvertible {
        var from: String
        var to: String
        var description: String { "\(from) → \(to)" }
    }

    /// `.target(name: "A", dependencies: ["B", nioCore, ...])` and `.executableTarget(...)`: the quoted names only
    /// (our modules; the packages' products are variables). Test targets and TestSupport are left out.
    static func declaredEdges(_ manifest: String) -> Set<Edge> {
        var edges: Set<Edge> = []
        let pattern = #/\.(?:target|executableTarget)\(\s*name:\s*"([^"]+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?/#
        for match in manifest.matches(of: pattern) {
            let name = String(match.1)
            guard name != "TestSupport", let list = match.2 else { continue }
            for dependency in list.matches(of: #/"([^"]+)"/#) {
                edges.insert(Edge(from: name, to: String(dependency.1)))
            }
        }
        return edges
    }

    /// The code block after "Dependencies point one way": each line holds one or two chains (separated by two or
    /// more spaces) of comma-separated names joined by `→`.
    static func drawnEdges(_ readme: String) throws -> Set<Edge> {
        let start = try #require(readme.range(of: "Dependencies point one way"))
        let open = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
        let close = try #require(readme.range(of: "```", range: open.upperBound..<readme.endIndex))
        var edges: Set<Edge> = []
        for line in readme[open.upperBound..<close.lowerBound].split(separator: "\n") {
            for chain in line.split(separator: "  ").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !chain.isEmpty {
                let groups = chain.components(separatedBy: "→").map {
                    $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
                for (left, right) in zip(groups, groups.dropFirst()) {
                    for from in left { for to in right { edges.insert(Edge(from: from, to: to)) } }
                }
            }
        }
        return edges
    }

    @Test func theReadmesGraphIsThePackagesGraph() throws {
        let manifest = try String(contentsOfFile: Self.repository + "/Package.swift", encoding: .utf8)
        let readme = try String(contentsOfFile: Self.repository + "/README.md", encoding: .utf8)
        let declared = Self.declaredEdges(manifest), drawn = try Self.drawnEdges(readme)
        // Every target of ours with dependencies, however swift-format laid its arguments out.
        #expect(Set(declared.map(\.from)).count >= 18, "the manifest was not read whole: \(declared)")
        #expect(declared.subtracting(drawn).isEmpty, "declared, not drawn: \(declared.subtracting(drawn))")
        #expect(drawn.subtracting(declared).isEmpty, "drawn, not declared: \(drawn.subtracting(declared))")
    }
}
