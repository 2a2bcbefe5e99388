import HTTPFiles
import Testing

struct HTTPRequestTests {
    @Test(
        arguments: [
            (nil, 1000, HTTPByteRange.whole),
            ("bytes=0-99", 1000, .partial(first: 0, last: 99)),
            ("bytes=900-", 1000, .partial(first: 900, last: 999)),
            ("bytes=900-5000", 1000, .partial(first: 900, last: 999)),
            ("bytes=-100", 1000, .partial(first: 900, last: 999)),
            ("bytes=-5000", 1000, .partial(first: 0, last: 999)),
            ("BYTES=10-19", 1000, .partial(first: 10, last: 19)),
            ("bytes=1000-", 1000, .unsatisfiable),
            ("bytes=-0", 1000, .unsatisfiable),
            ("bytes=0-0", 0, .unsatisfiable),
            ("bytes=20-10", 1000, .whole),
            ("bytes=0-1,5-6", 1000, .whole),
            ("items=0-1", 1000, .whole),
            ("bytes=x-y", 1000, .whole),
            ("bytes=-", 1000, .whole),
        ] as [(String?, Int64, HTTPByteRange)])
    func ranges(_ header: String?, _ size: Int64, _ expected: HTTPByteRange) {
        #expect(HTTPByteRange.parse(header, size: size) == expected)
    }

    @Test(arguments: [
        ("/KIWI/linux-ltsp", "/KIWI/linux-ltsp"),
        ("/KIWI/linux-ltsp?x=1#frag", "/KIWI/linux-ltsp"),
        ("http://192.168.67.1:8069/snponly.efi", "/snponly.efi"),
        ("http://server", "/"),
        ("/a%20b/c%2Fd", "/a b/c/d"),
        ("/%2e%2e/etc/passwd", "/../etc/passwd"),
        ("/%C3%A9t%C3%A9", "/été"),
    ])
    func targets(_ target: String, _ name: String) throws {
        #expect(try HTTPRequestTarget.fileName(target) == name)
    }

    @Test(arguments: ["*", "KIWI/x", "/a%", "/a%4", "/a%zz", "/a%00b", "/%ff%fe"])
    func badTargets(_ target: String) {
        #expect(throws: HTTPRequestTarget.Failure.self) { try HTTPRequestTarget.fileName(target) }
    }

    @Test func responses() {
        let whole = HTTPFileResponse.file(named: "KIWI/linux-ltsp", size: 1000, range: nil, head: false)
        #expect(
            whole
                == HTTPFileResponse(
                    status: 200,
                    headers: [
                        ("Content-Type", "application/octet-stream"), ("Accept-Ranges", "bytes"),
                        ("Content-Length", "1000"),
                    ], body: 0...999))
        let head = HTTPFileResponse.file(named: "snponly.efi", size: 1000, range: nil, head: true)
        #expect(head.body == nil && head.headers.first?.1 == "application/efi")
        #expect(head.headers.contains { $0 == ("Content-Length", "1000") })
        let partial = HTTPFileResponse.file(named: "x", size: 1000, range: "bytes=10-19", head: false)
        #expect(partial.status == 206 && partial.body == 10...19)
        #expect(partial.headers.contains { $0 == ("Content-Range", "bytes 10-19/1000") })
        #expect(partial.headers.contains { $0 == ("Content-Length", "10") })
        let unsatisfiable = HTTPFileResponse.file(named: "x", size: 1000, range: "bytes=2000-", head: false)
        #expect(unsatisfiable.status == 416 && unsatisfiable.body == nil)
        #expect(unsatisfiable.headers.contains { $0 == ("Content-Range", "bytes */1000") })
        let empty = HTTPFileResponse.file(named: "x", size: 0, range: nil, head: false)
        #expect(empty.status == 200 && empty.body == nil)
        let (error, text) = HTTPFileResponse.error(405, "only GET and HEAD", allow: "GET, HEAD")
        #expect(error.status == 405 && text == "only GET and HEAD\n")
        #expect(error.headers.contains { $0 == ("Allow", "GET, HEAD") })
    }
}
