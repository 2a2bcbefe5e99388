import NBD
import Testing

@Suite struct NBDExportCatalogTests {
    private let catalog = NBDServerConfiguration(
        bindAddresses: [],
        exports: [
            NBDExportDefinition(name: "amd64", path: "/srv/kiwi-ltsp/amd64.img", description: "root"),
            NBDExportDefinition(name: "i386", aliases: ["old"], path: "/srv/kiwi-ltsp/i386.img"),
        ],
        swap: NBDSwapExportDefinition(directory: "/tmp", size: 1 << 20)
    ).catalog(swapSlots: NBDSwapSlots(limit: 1))

    @Test(arguments: [
        ("amd64", "amd64"), ("/srv/kiwi-ltsp/amd64.img", "amd64"), ("", "amd64"), ("old", "i386"),
        ("swap", "swap"),
    ])
    func namesAliasesAndTheDefaultResolve(name: String, expected: String) {
        #expect(self.catalog.export(named: name)?.name == expected)
    }

    @Test func unknownNamesDoNotResolve() {
        #expect(self.catalog.export(named: "/srv/kiwi-ltsp/i386.img") == nil)
        #expect(self.catalog.export(named: "AMD64") == nil)
    }

    @Test func listingShowsCanonicalNamesOnly() {
        #expect(self.catalog.listings.map(\.name) == ["amd64", "i386", "swap"])
    }
}
