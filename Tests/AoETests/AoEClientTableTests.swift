import AoE
import Testing

struct AoEClientTableTests {
    final class Image {
        let name: String
        init(_ name: String) { self.name = name }
    }

    /// A client keeps the image it first read; a client that arrives after the swap gets the new one.
    @Test func clientsKeepTheirImageAcrossASwap() throws {
        var table = AoEClientTable<Image>(capacity: 8)
        let old = Image("old"), new = Image("new")
        #expect(table.image(for: [1]) == nil)
        table.add([1], reading: old)
        #expect(table.image(for: [1]) === old)
        table.add([2], reading: new)
        #expect(table.image(for: [1]) === old && table.image(for: [2]) === new)
        #expect(table.isInUse(old) && table.isInUse(new) && table.count == 2)
    }

    /// At capacity, the client silent longest is forgotten: its old image is no longer held.
    @Test func theLongestSilentClientIsForgottenAtCapacity() throws {
        var table = AoEClientTable<Image>(capacity: 2)
        let old = Image("old"), new = Image("new")
        table.add([1], reading: old)
        table.add([2], reading: old)
        _ = table.image(for: [1])  // 1 speaks again: 2 is now the longest silent
        table.add([3], reading: new)
        #expect(table.count == 2)
        #expect(table.image(for: [1]) === old && table.image(for: [3]) === new)
        #expect(table.image(for: [2]) == nil)
        table.add([1], reading: new)  // a known client replaced in place: nobody else is forgotten
        #expect(table.count == 2 && !table.isInUse(old))
    }
}
