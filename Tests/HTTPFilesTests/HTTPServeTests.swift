import Foundation
import Testing
import TestSupport

/// `kiwi-ltsp serve --only http` in a namespace with curl (keep-alive, ranges, HEAD) and hostile requests: nothing
/// outside the TFTP root is served, and silent or slow clients are cut off.
@Suite(.serialized)
struct HTTPServeTests {
    static let tools = ["curl", "ip", "nc"]

    final class Lab {
        let namespace: NetworkNamespace
        let root: ScratchRoot
        let serve: ServeProcess
        let base = "http://127.0.0.1:8069"

        init(_ label: String) throws {
            namespace = try NetworkNamespace(prefix: "khttp")
            root = try ScratchRoot(label, settings: ScratchRoot.loopback)
            try root.writeTFTPFile("KIWI/linux-ltsp", size: 3_000_000, seed: 7)
            try root.writeTFTPFile("KIWI/initrd-ltsp", size: 1_000_000, seed: 8)
            try root.writeTFTPFile("snponly.efi", size: 200_000, seed: 9)
            serve = try ServeProcess(
                arguments: ["--root", root.path, "--only", "http"], namespace: namespace,
                ready: "HTTP listening")
        }

        deinit { root.remove() }

        func curl(_ arguments: [String]) throws -> CommandResult {
            try namespace.exec(["curl", "-sS", "--max-time", "30"] + arguments, check: false)
        }
    }

    func lab(_ label: String) throws -> Lab {
        try RequiredTool.require(Self.tools)
        return try Lab(label)
    }

    @Test func keepAliveRangesAndHead() throws {
        let lab = try lab("http-get")
        let out = lab.root.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // Two files over one connection.
        let both = try lab.curl([
            "-v", "-o", out + "/kernel", "\(lab.base)/KIWI/linux-ltsp",
            "-o", out + "/initrd", "\(lab.base)/KIWI/initrd-ltsp",
        ])
        #expect(both.succeeded, "\(both.stderr)")
        #expect(both.stderr.contains("Re-using existing connection"), "\(both.stderr)")
        #expect(try sha256(out + "/kernel") == sha256(lab.root.tftpRoot + "/KIWI/linux-ltsp"))
        #expect(try sha256(out + "/initrd") == sha256(lab.root.tftpRoot + "/KIWI/initrd-ltsp"))

        let kernel = try Data(contentsOf: URL(fileURLWithPath: lab.root.tftpRoot + "/KIWI/linux-ltsp"))
        for (range, slice) in [
            ("100-199", kernel[100...199]), ("-50", kernel.suffix(50)),
            ("2999990-", kernel[2_999_990...]),
        ] {
            let part = try lab.curl([
                "-r", range, "-o", out + "/part", "-w", "%{http_code}", "\(lab.base)/KIWI/linux-ltsp",
            ])
            #expect(part.stdout == "206", "\(range): \(part.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/part")) == Data(slice), "\(range)")
        }
        let beyond = try lab.curl([
            "-r", "5000000-", "-o", "/dev/null", "-w", "%{http_code}", "\(lab.base)/KIWI/linux-ltsp",
        ])
        #expect(beyond.stdout == "416")

        let head = try lab.curl(["-I", "\(lab.base)/snponly.efi"])
        #expect(head.stdout.contains("HTTP/1.1 200 OK"))
        #expect(head.stdout.lowercased().contains("content-length: 200000"))
        #expect(head.stdout.lowercased().contains("content-type: application/efi"))
        #expect(head.stdout.lowercased().contains("accept-ranges: bytes"))

        let post = try lab.curl(["-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "\(lab.base)/snponly.efi"])
        #expect(post.stdout == "405")
        // The timeline has the GETs.
        #expect(lab.serve.log.contains("http KIWI/linux-ltsp 2.9 MiB in "), "\(lab.serve.log)")
    }

    /// Traversal, encodings, symlinks out of the root, NUL, control characters: never a file from outside.
    @Test func hostilePathsGetNothingFromOutside() throws {
        let lab = try lab("http-hostile")
        let secret = lab.root.path + "/secret"
        try "outside the root".write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: lab.root.tftpRoot + "/escape", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(
            atPath: lab.root.tftpRoot + "/up", withDestinationPath: lab.root.path)
        let paths = [
            "/../secret", "/KIWI/../../secret", "/%2e%2e/secret", "/%2E%2E%2Fsecret", "/KIWI/%2e%2e/%2e%2e/secret",
            "/escape", "/up/secret", "/KIWI/..%2f..%2fsecret", "/%00secret", "/a%0ab", "/..%5c..%5csecret",
            "//etc/passwd", "/etc/passwd", "/KIWI", "/", "/%",
        ]
        for path in paths {
            let result = try lab.curl(["--path-as-is", "-o", "-", "-w", "\n%{http_code}", "\(lab.base)\(path)"])
            let code = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(["400", "403", "404"].contains(code), "\(path): \(code) \(result.stdout)")
            #expect(!result.stdout.contains("outside the root"), "\(path)")
            #expect(!result.stdout.contains("root:x:0:0"), "\(path)")
        }
        #expect(lab.serve.isRunning)
    }

    /// A client that connects and says nothing is cut off (nc ends by itself, not by `timeout`); one that trickles a
    /// header line a second, which would complete its request after 15 s, is cut off at the 10 s head limit and gets
    /// no answer; a normal request still works meanwhile.
    @Test func silentAndTricklingClientsAreCutOff() throws {
        let lab = try lab("http-silent")
        let silent = try lab.namespace.exec(["timeout", "60", "nc", "-d", "127.0.0.1", "8069"], check: false)
        #expect(silent.status != 124, "the server closed the silent connection")
        let trickle = try lab.namespace.exec(
            [
                "sh", "-c",
                """
                (printf 'GET /snponly.efi HTTP/1.1\\r\\nHost: x\\r\\n'; for i in $(seq 1 15); do printf 'X-Slow: %s\\r\\n' $i; \
                sleep 1; done; printf '\\r\\n'; sleep 2) | nc 127.0.0.1 8069 | head -c 12
                """,
            ], check: false)
        #expect(!trickle.stdout.contains("HTTP/1.1"), "\(trickle.stdout)")
        let ok = try lab.curl(["-o", "/dev/null", "-w", "%{http_code}", "\(lab.base)/snponly.efi"])
        #expect(ok.stdout == "200")
    }
}
