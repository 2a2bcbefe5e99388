import Foundation
import Testing
import TestSupport

/// Hostile file names sent to `kiwi-ltsp serve`: every one gets an error packet, none gets data, and the secret
/// beside the TFTP root is never read.
struct TFTPServeHostileNameTests {
    static let textNames: [String] = [
        "../secret.txt", "../../secret.txt", "../../../../../../../../etc/passwd", "KIWI/../../secret.txt",
        "KIWI/../../../secret.txt", "./../secret.txt", "..", "../", "KIWI/..", "KIWI/../..", "/../secret.txt",
        "//../secret.txt", "/./../secret.txt", "..\\secret.txt", "..\\..\\secret.txt", "KIWI\\..\\..\\secret.txt",
        "....//secret.txt", "..;/secret.txt", "%2e%2e/secret.txt", "%2e%2e%2fsecret.txt", "..%2fsecret.txt",
        "%252e%252e%252fsecret.txt", "..%c0%afsecret.txt", "..%5csecret.txt", "secret.txt%00.png",
        "/etc/passwd", "/etc/shadow", "/proc/self/environ", "/proc/self/cmdline", "/../../etc/passwd",
        "/srv/../etc/passwd", "~/secret.txt", "~root/.bashrc", "/dev/zero", "/root/.ssh/id_rsa",
        String(repeating: "a", count: 300), String(repeating: "../", count: 100),
        String(repeating: "a/", count: 200), "KIWI/\u{01}lts.conf", "\u{1b}[31mred", "name\nwith newline",
        "tab\there", "del\u{7f}", "bell\u{07}", "\u{85}next-line", "..\u{FF0F}secret.txt", "\u{2025}/secret.txt",
        "escape-link", "escape-dir/secret.txt", "escape-dir/../secret.txt", "escape-abs", "KIWI/loop",
        "KIWI/escape-relative", "", ".", "/", "KIWI", "KIWI/",
    ]

    static let byteNames: [[UInt8]] = [
        Array("secret".utf8) + [0] + Array(".txt".utf8),
        [0] + Array("../secret.txt".utf8),
        [0xff, 0xfe] + Array("/../secret.txt".utf8),
        Array("..".utf8) + [0xc0, 0xaf] + Array("secret.txt".utf8),
    ]

    static let names: [[UInt8]] = textNames.map { Array($0.utf8) } + byteNames

    @Test func everyHostileNameIsRefusedAndNothingOutsideTheRootIsRead() throws {
        #expect(Self.names.count >= 50)
        try ServeHarness.requireTools(["python3", "curl"])
        let harness = try ServeHarness("tftp-hostile")
        let secret = harness.root.path + "/srv/secret.txt"
        try "TOP SECRET\n".write(toFile: secret, atomically: true, encoding: .utf8)
        let tftp = harness.root.tftpRoot
        try FileManager.default.createSymbolicLink(atPath: tftp + "/escape-link", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(
            atPath: tftp + "/escape-dir", withDestinationPath: harness.root.path + "/srv")
        try FileManager.default.createSymbolicLink(atPath: tftp + "/escape-abs", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: tftp + "/KIWI/loop", withDestinationPath: "loop")
        try FileManager.default.createSymbolicLink(
            atPath: tftp + "/KIWI/escape-relative", withDestinationPath: "../../secret.txt")
        try "fine\n".write(toFile: tftp + "/KIWI/lts.conf", atomically: true, encoding: .utf8)
        try harness.start()

        let probe = try #require(Bundle.module.path(forResource: "tftp_probe", ofType: "py"))
        let hex = Self.names.map { $0.map { String(format: "%02x", $0) }.joined() }
        let result = try harness.client(["python3", probe, "refuse", "127.0.0.1", "69"] + hex)
        let replies = result.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: false)
        }
        #expect(replies.count == hex.count, "\(result.stdout)\(result.stderr)")
        for reply in replies {
            let name = String(decoding: [UInt8](hexString: String(reply[0])), as: UTF8.self)
            // Opcode 5 is ERROR; 3 (DATA) or 6 (OACK) would mean the name was served.
            #expect(reply.count == 3 && reply[1] == "5", "\(name.debugDescription) was answered \(reply)")
        }
        // A real client too: curl cannot read the secret by traversal either.
        let viaCurl = try harness.client([
            "curl", "-sS", "--path-as-is", "tftp://127.0.0.1/../../secret.txt", "-o", "-",
        ])
        #expect(!viaCurl.stdout.contains("TOP SECRET"))
        #expect(viaCurl.status != 0)
        // The server still serves good names afterwards.
        let good = try harness.client(["curl", "-sS", "tftp://127.0.0.1/KIWI/lts.conf", "-o", "-"])
        #expect(good.stdout == "fine\n")
    }
}

extension [UInt8] {
    init(hexString: String) {
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex, let next = hexString.index(index, offsetBy: 2, limitedBy: hexString.endIndex),
            let byte = UInt8(hexString[index..<next], radix: 16)
        {
            bytes.append(byte)
            index = next
        }
        self = bytes
    }
}
