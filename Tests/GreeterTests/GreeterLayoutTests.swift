import GreeterProtocol
import Testing

@testable import Greeter

struct GreeterLayoutTests {
    /// 10 pixels per character, lines of 20.
    let metrics = GreeterLayout.Metrics(lineHeight: { _ in 20 }, width: { text, _ in text.count * 10 })

    func layout(_ requests: [GreeterRequest], width: Int = 1024, height: Int = 768) -> GreeterLayout {
        var model = GreeterModel(hostname: "pc07", address: "192.168.67.20")
        requests.forEach { model.apply($0) }
        return GreeterLayout(model: model, width: width, height: height, clock: "12:34", metrics: metrics)
    }

    func texts(_ layout: GreeterLayout) -> [String] {
        layout.items.compactMap { if case .text(let text, _, _, _, _) = $0 { text } else { nil } }
    }

    @Test func showsHostAddressClockPromptAndMessage() {
        let shown = texts(layout([.prompt("Username:"), .message("Permission denied.")]))
        #expect(shown.contains("pc07  ·  192.168.67.20"))
        #expect(shown.contains("12:34"))
        #expect(shown.contains("Username:"))
        #expect(shown.contains("Permission denied."))
        #expect(shown.contains("Log in to pc07"))
    }

    @Test func clicksFindTheGuestButtonAndTheMenus() throws {
        let screen = layout([
            .allowGuest(true), .prompt("Username:"),
            .choice(.host, GreeterMenuItem(value: "a", label: "a")),
            .choice(.host, GreeterMenuItem(value: "b", label: "b")),
        ])
        let guest = try #require(screen.regions.first { $0.target == .guest })
        #expect(screen.target(at: guest.rect.x + 1, guest.rect.y + 1) == .guest)
        #expect(screen.regions.contains { $0.target == .menu(.host) })
        #expect(!screen.regions.contains { $0.target == .menu(.session) })
        #expect(screen.regions.contains { $0.target == .power(.reboot) })
        #expect(screen.target(at: 1, 300) == nil)
    }

    @Test func longMessagesWrapAndLongEntriesScroll() {
        let words = Array(repeating: "word", count: 60).joined(separator: " ")
        let screen = layout([.prompt("Name:"), .message(words)], width: 640, height: 480)
        let lines = texts(screen).filter { $0.hasPrefix("word") }
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count * 10 <= 640 })
        #expect(GreeterLayout.tail("abcdefghij", width: 40, font: .body, metrics: metrics) == "ghij")
    }
}
