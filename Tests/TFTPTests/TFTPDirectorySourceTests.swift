import Foundation
import NIOCore
import Testing

@testable import TFTP

/// The directory source never serves a byte from outside its root.
struct TFTPDirectorySourceTests {
    static let secret = "TOP-SECRET-SENTINEL-7f3a"

    /// A scratch tree:
    /// ```
    /// base/secret.txt                 (outside the root)
    /// base/outside/secret.txt         (outside the root)
    /// base/root/hello.txt
    /// base/root/sub/inner.txt
    /// base/root/link-in -> hello.txt
    /// base/root/link-out -> ../secret.txt
    /// base/root/link-abs -> /base/secret.txt
    /// base/root/dirlink-out -> ../outside
    /// base/root/sub/uplink -> ../..
    /// base/root/private.txt (0600)
    /// base/root/fifo
    /// ```
    final class Tree {
        let base: String
        let root: String

        init() throws {
            self.base = FileManager.default.temporaryDirectory.path + "/tftp-source-\(UUID().uuidString)"
            self.root = self.base + "/root"
            let fm = FileManager.default
            try fm.createDirectory(atPath: self.root + "/sub", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: self.base + "/outside", withIntermediateDirectories: true)
            try Data(TFTPDirectorySourceTests.secret.utf8).write(to: URL(fileURLWithPath: self.base + "/secret.txt"))
            try Data(TFTPDirectorySourceTests.secret.utf8).write(
                to: URL(fileURLWithPath: self.base + "/outside/secret.txt")
            )
            try Data("hello\n".utf8).write(to: URL(fileURLWithPath: self.root + "/hello.txt"))
            try Data("inner\n".utf8).write(to: URL(fileURLWithPath: self.root + "/sub/inner.txt"))
            try Data("private\n".utf8).write(to: URL(fileURLWithPath: self.root + "/private.txt"))
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: self.root + "/private.txt")
            try fm.createSymbolicLink(atPath: self.root + "/link-in", withDestinationPath: "hello.txt")
            try fm.createSymbolicLink(atPath: self.root + "/link-out", withDestinationPath: "../secret.txt")
            try fm.createSymbolicLink(atPath: self.root + "/link-abs", withDestinationPath: self.base + "/secret.txt")
            try fm.createSymbolicLink(atPath: self.root + "/dirlink-out", withDestinationPath: "../outside")
            try fm.createSymbolicLink(atPath: self.root + "/sub/uplink", withDestinationPath: "../..")
            mkfifo(self.root + "/fifo", 0o644)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: self.base)
        }
    }

    static let hostileNames: [String] = [
        "../secret.txt",
        "../../secret.txt",
        "../../../../../../../../etc/passwd",
        "..",
        "../",
        "./..",
        "sub/../../secret.txt",
        "sub/../sub/../../secret.txt",
        "foo/../../etc/passwd",
        "hello.txt/../../secret.txt",
        "/../secret.txt",
        "//../secret.txt",
        "/./../secret.txt",
        "sub/./../../secret.txt",
        "..\\secret.txt",
        "..\\..\\secret.txt",
        "sub\\..\\..\\secret.txt",
        "\\..\\secret.txt",
        "..%2fsecret.txt",
        "%2e%2e%2fsecret.txt",
        "%2e%2e/secret.txt",
        "..%252fsecret.txt",
        "%2e%2e%5csecret.txt",
        "..%c0%afsecret.txt",
        "..\u{2215}secret.txt",
        "..\u{FF0F}secret.txt",
        "／..／secret.txt",
        "link-out",
        "link-abs",
        "dirlink-out/secret.txt",
        "dirlink-out",
        "sub/uplink/secret.txt",
        "sub/uplink/root/link-out",
        // Out of the root and back in: the kernel refuses the step out (RESOLVE_BENEATH), whatever follows.
        "sub/uplink/root/hello.txt",
        // "/" with a combining mark is one Swift Character: the name is split on the byte, so ".." is seen.
        "../\u{301}secret.txt",
        "sub/..\u{301}/../secret.txt",
        "/\u{301}../secret.txt",
        "/link-out",
        "./link-out",
        "sub/../link-out",
        "hello.txt\u{0}../secret.txt",
        "\u{0}",
        "hello\u{1}.txt",
        "hello.txt\n",
        "\r\nhello.txt",
        "hello\u{7F}",
        "\u{1B}[2J",
        "\t../secret.txt",
        String(repeating: "a", count: 256),
        String(repeating: "a/", count: 200) + "x",
        String(repeating: "../", count: 90),
        String(repeating: "é", count: 200),
        "",
        "/",
        "//",
        "./",
        "...",
        ".../secret.txt",
        "sub/",
        "sub",
        "/sub",
        "fifo",
        "private.txt",
        "secret.txt",
        "outside/secret.txt",
        "/etc/passwd",
        "/etc/shadow",
        "/proc/self/environ",
        "/dev/zero",
        "C:\\Windows\\win.ini",
        "file:///etc/passwd",
        "~root/.ssh/id_rsa",
        "$HOME/secret.txt",
    ]

    @Test(arguments: Self.hostileNames)
    func hostileNameIsRefusedOrNotFound(_ name: String) async throws {
        let tree = try Tree()
        let source = try TFTPDirectorySource(root: tree.root)
        let client = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
        do {
            let file = try await source.openForReading(name, client: client)
            // Only a file inside the root may come back (e.g. "/etc/passwd" is root/etc/passwd): never the secret.
            var buffer = ByteBuffer()
            _ = try file.read(into: &buffer, offset: 0, count: Int(file.size))
            #expect(!String(buffer: buffer).contains(Self.secret))
            Issue.record("\(name.debugDescription) opened a file")
        } catch let error as TFTPError {
            switch error {
            case .fileNotFound, .accessViolation:
                break
            default:
                Issue.record("\(name.debugDescription) failed with \(error)")
            }
        }
    }

    static let allowedNames: [(String, String)] = [
        ("hello.txt", "hello\n"),
        ("/hello.txt", "hello\n"),  // tftpd-hpa -s: a leading slash is taken under the root
        ("//hello.txt", "hello\n"),
        ("./hello.txt", "hello\n"),
        ("sub/inner.txt", "inner\n"),
        ("sub//inner.txt", "inner\n"),
        ("link-in", "hello\n"),  // a symlink that stays inside the root is fine
    ]

    @Test(arguments: Self.allowedNames)
    func servesFilesInsideTheRoot(_ name: String, _ contents: String) async throws {
        let tree = try Tree()
        let source = try TFTPDirectorySource(root: tree.root)
        let file = try source.openFile(name)
        var buffer = ByteBuffer()
        #expect(try file.read(into: &buffer, offset: 0, count: 100) == contents.utf8.count)
        #expect(String(buffer: buffer) == contents)
        #expect(file.size == Int64(contents.utf8.count))
    }

    /// The walk used where openat2 is missing (kernels before 5.6) follows no symlink at all.
    @Test func walkWithoutOpenat2FollowsNoSymlink() throws {
        let tree = try Tree()
        let directory = try TFTPRootDirectory(path: tree.root)
        let inner = directory.openByWalking(["sub", "inner.txt"], flags: O_RDONLY)
        #expect(inner >= 0)
        close(inner)
        for components in [
            ["link-in"], ["link-out"], ["dirlink-out", "secret.txt"], ["sub", "uplink", "secret.txt"],
            ["sub", "uplink", "root", "hello.txt"],
        ] {
            let descriptor = directory.openByWalking(components, flags: O_RDONLY)
            #expect(descriptor < 0, "\(components) opened")
            #expect(errno == ELOOP || errno == ENOTDIR, "\(components): errno \(errno)")
            if descriptor >= 0 { close(descriptor) }
        }
    }

    @Test func errorKinds() throws {
        let tree = try Tree()
        let source = try TFTPDirectorySource(root: tree.root)
        #expect(throws: TFTPError.fileNotFound(name: "missing")) { try source.openFile("missing") }
        #expect(throws: TFTPError.fileNotFound(name: "sub")) { try source.openFile("sub") }
        #expect(throws: TFTPError.accessViolation(name: "link-out", reason: "resolves outside the root")) {
            try source.openFile("link-out")
        }
        #expect(throws: TFTPError.accessViolation(name: "private.txt", reason: "file is not world-readable")) {
            try source.openFile("private.txt")
        }
        let relaxed = try TFTPDirectorySource(root: tree.root, requireWorldReadable: false)
        #expect(try relaxed.openFile("private.txt").size == 8)
    }

    @Test func readsRangesWithoutLoadingTheFile() throws {
        let tree = try Tree()
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: tree.root + "/big.bin"))
        let file = try TFTPDirectorySource(root: tree.root).openFile("big.bin")
        var buffer = ByteBuffer()
        #expect(try file.read(into: &buffer, offset: 99_990, count: 512) == 10)
        #expect(Array(buffer.readableBytesView) == Array(bytes[99_990...]))
        buffer.clear()
        #expect(try file.read(into: &buffer, offset: 100_000, count: 512) == 0)
        #expect(try file.read(into: &buffer, offset: 512, count: 512) == 512)
        #expect(Array(buffer.readableBytesView) == Array(bytes[512..<1024]))
    }

    @Test func uploadIsAtomicAndStaysInsideTheRoot() throws {
        let tree = try Tree()
        let source = try TFTPDirectorySource(root: tree.root)
        let upload = try source.createFile("sub/new.bin")
        try upload.write(ByteBuffer(string: "world"), offset: 5)
        try upload.write(ByteBuffer(string: "hello"), offset: 0)
        #expect(!FileManager.default.fileExists(atPath: tree.root + "/sub/new.bin"))
        try upload.commit()
        #expect(try String(contentsOfFile: tree.root + "/sub/new.bin", encoding: .utf8) == "helloworld")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: tree.root + "/sub").sorted() == [
                "inner.txt", "new.bin", "uplink",
            ]
        )

        let aborted = try source.createFile("gone.bin")
        try aborted.write(ByteBuffer(string: "x"), offset: 0)
        aborted.abort()
        #expect(!FileManager.default.fileExists(atPath: tree.root + "/gone.bin"))
        #expect(throws: TFTPError.self) { try source.createFile("../evil.bin") }
        #expect(throws: TFTPError.self) { try source.createFile("dirlink-out/evil.bin") }
        #expect(throws: TFTPError.self) { try source.createFile("link-out") }
        #expect(throws: TFTPError.self) { try source.createFile("sub") }
        #expect(try String(contentsOfFile: tree.base + "/secret.txt", encoding: .utf8) == Self.secret)
    }
}
