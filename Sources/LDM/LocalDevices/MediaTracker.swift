/// Which media have come and gone between two looks at the client's block devices. A medium is known by its name
/// and size (``RemovableMedium/identity``), so a different disc in the same drive is a departure and an arrival.
public struct MediaTracker: Sendable {
    public private(set) var present: [String: RemovableMedium] = [:]

    public init() {}

    /// `media`: what is there now. Returns what arrived (in the order given) and what left (by name).
    public mutating func update(_ media: [RemovableMedium]) -> (arrived: [RemovableMedium], left: [RemovableMedium]) {
        let now = Set(media.map { $0.identity })
        let left = present.values.filter { !now.contains($0.identity) }.sorted { $0.name < $1.name }
        let arrived = media.filter { present[$0.identity] == nil }
        for medium in left { present[medium.identity] = nil }
        for medium in arrived { present[medium.identity] = medium }
        return (arrived, left)
    }
}
