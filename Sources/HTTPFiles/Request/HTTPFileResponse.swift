/// What the server answers to a GET or HEAD of a file it could open: status, headers and the bytes of the body.
/// Pure, so every case of RFC 9110's ranges and HEAD is a table test.
public struct HTTPFileResponse: Equatable, Sendable {
    public var status: Int
    public var headers: [(String, String)]
    /// The bytes to send (inclusive), nil for none (HEAD, 416).
    public var body: ClosedRange<Int64>?

    public static func == (left: HTTPFileResponse, right: HTTPFileResponse) -> Bool {
        left.status == right.status && left.body == right.body
            && left.headers.map(\.0) == right.headers.map(\.0) && left.headers.map(\.1) == right.headers.map(\.1)
    }

    public init(status: Int, headers: [(String, String)], body: ClosedRange<Int64>?) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `head`: a HEAD request (the same headers, no body).
    public static func file(named name: String, size: Int64, range: String?, head: Bool) -> HTTPFileResponse {
        var headers = [("Content-Type", contentType(of: name)), ("Accept-Ranges", "bytes")]
        switch HTTPByteRange.parse(range, size: size) {
        case .whole:
            headers.append(("Content-Length", String(size)))
            return HTTPFileResponse(status: 200, headers: headers, body: head || size == 0 ? nil : 0...(size - 1))
        case .partial(let first, let last):
            headers += [
                ("Content-Length", String(last - first + 1)), ("Content-Range", "bytes \(first)-\(last)/\(size)"),
            ]
            return HTTPFileResponse(status: 206, headers: headers, body: head ? nil : first...last)
        case .unsatisfiable:
            headers += [("Content-Length", "0"), ("Content-Range", "bytes */\(size)")]
            return HTTPFileResponse(status: 416, headers: headers, body: nil)
        }
    }

    /// A short text answer for an error.
    public static func error(_ status: Int, _ text: String, allow: String? = nil) -> (HTTPFileResponse, String) {
        let body = text + "\n"
        var headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", String(body.utf8.count))]
        if let allow { headers.append(("Allow", allow)) }
        return (HTTPFileResponse(status: status, headers: headers, body: nil), body)
    }

    /// UEFI HTTP boot looks at the type first (EDK2's HttpBootCheckImageType): EFI programs are `application/efi`.
    static func contentType(of name: String) -> String {
        let lower = name.lowercased()
        if lower.hasSuffix(".efi") { return "application/efi" }
        if lower.hasSuffix(".iso") { return "application/vnd.efi-iso" }
        if lower.hasSuffix(".ipxe") || lower.hasSuffix(".cfg") || lower.hasSuffix(".conf") || lower.hasSuffix("default")
        {
            return "text/plain; charset=utf-8"
        }
        return "application/octet-stream"
    }
}
