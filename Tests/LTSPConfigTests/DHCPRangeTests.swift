import NetworkValues
import Testing

@testable import LTSPConfig

struct DHCPRangeTests {
    @Test(arguments: [
        ("192.168.67.20,192.168.67.250", "192.168.67.20,192.168.67.250,12h"),
        ("192.168.67.20, 192.168.67.250, 30m", "192.168.67.20,192.168.67.250,30m"),
        ("10.0.0.5,10.0.0.9,3600", "10.0.0.5,10.0.0.9,1h"),
        ("10.0.0.5,10.0.0.9,2d", "10.0.0.5,10.0.0.9,48h"),
        ("10.0.0.5,10.0.0.9,infinite", "10.0.0.5,10.0.0.9,infinite"),
        ("10.0.0.5,10.0.0.5,150", "10.0.0.5,10.0.0.5,150"),
    ])
    func parses(text: String, expected: String) throws {
        let range = try DHCPRange.parse(text).get()
        #expect(range.description == expected)
    }

    @Test(arguments: [
        ("192.168.67.20", DHCPRange.RangeProblem.shape),
        ("a,b", .address("a")),
        ("10.0.0.9,10.0.0.5", .reversed),
        ("10.0.0.5,10.0.0.9,60", .leaseTime("60")),
        ("10.0.0.5,10.0.0.9,12x", .leaseTime("12x")),
        ("10.0.0.5,10.0.0.9,1,2", .shape),
        // A lease time that fits 64 bits but overflows them in seconds trapped (an arithmetic overflow) and took
        // `kiwi-ltsp serve` and `config check` down with it; found with the fuzz-sysconfig harness.
        ("192.168.67.20,192.168.67.30,30500000000000000w", .leaseTime("30500000000000000w")),
        ("10.0.0.5,10.0.0.9,18446744073709551615h", .leaseTime("18446744073709551615h")),
    ])
    func rejects(text: String, problem: DHCPRange.RangeProblem) {
        #expect(throws: problem) { try DHCPRange.parse(text).get() }
    }
}
