import GreeterProtocol

/// One of the greeter's menus: its items in ldm's order and the current one.
public struct GreeterMenuState: Equatable, Sendable {
    public var items: [GreeterMenuItem] = []
    public var selected: Int?

    public init() {}

    public var current: GreeterMenuItem? { selected.map { items[$0] } }

    /// Shown only when there is a choice to make.
    public var isVisible: Bool { items.count > 1 }

    mutating func add(_ item: GreeterMenuItem) {
        if let index = items.firstIndex(where: { $0.value == item.value }) {
            items[index] = item
        } else {
            items.append(item)
        }
        if selected == nil { selected = 0 }
    }

    mutating func select(_ value: String) {
        if let index = items.firstIndex(where: { $0.value == value }) { selected = index }
    }

    /// The next item, wrapping around; nil when there is nothing else to choose.
    mutating func advance() -> GreeterMenuItem? {
        guard items.count > 1 else { return nil }
        selected = ((selected ?? -1) + 1) % items.count
        return current
    }
}
