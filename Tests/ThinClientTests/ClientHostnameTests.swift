import Testing
import ThinClient

struct ClientHostnameTests {
    @Test(arguments: ["ltsp20", "pc-20", "pc20.lab.example", "A1"])
    func valid(name: String) { #expect(ClientHostname.isValid(name)) }

    @Test(arguments: ["", "-pc", "pc-", "pc_20", "pc 20", "a..b", String(repeating: "a", count: 65), "pc/20"])
    func invalid(name: String) { #expect(!ClientHostname.isValid(name)) }
}
