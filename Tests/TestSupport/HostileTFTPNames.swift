/// File names an attacker sends a TFTP server, as bytes: traversal in every spelling we could think of (encodings,
/// combining marks after the dots or the slash, look-alike characters, backslashes), absolute paths, control bytes,
/// invalid UTF-8, very long names, and names through the symlinks a test root plants (`escape-*`, `race/`).
/// Nothing here may be served from outside the root, or created there by an upload.
public enum HostileTFTPNames {
    static let prefixes = ["", "/", "//", "./", "KIWI/", "KIWI/./", "KIWI//", "\\", "escape-dir/", "race/dir/"]
    static let climbs = [
        "..", "..\u{301}", ".\u{301}.", "\u{301}..", "%2e%2e", "%252e%252e", "..%00", "...", "....", ". .", "..;",
        "\u{2024}\u{2024}", "..\u{200B}", ".. ", "\u{FF0E}\u{FF0E}",
    ]
    static let separators = ["/", "\\", "/\u{301}", "\u{2215}"]
    static let targets = ["secret.txt", "srv/secret.txt"]

    /// Names that climb: every prefix × climb × separator × depth (1 and 3) × target.
    static var climbing: [String] {
        var names: [String] = []
        for prefix in prefixes {
            for climb in climbs {
                for separator in separators {
                    for depth in [1, 3] {
                        for target in targets {
                            names.append(prefix + String(repeating: climb + separator, count: depth) + target)
                        }
                    }
                }
            }
        }
        return names
    }

    static let fixed = [
        "/etc/passwd", "/etc/shadow", "/proc/self/environ", "/proc/self/cmdline", "/proc/self/root/etc/passwd",
        "/proc/self/cwd/secret.txt", "/proc/1/root/etc/passwd", "/dev/zero", "/dev/urandom", "/root/.ssh/id_rsa",
        "/srv/../etc/passwd", "~/secret.txt", "~root/.bashrc", "escape-link", "escape-abs", "escape-dir",
        "escape-dir/secret.txt", "escape-dir/../secret.txt", "KIWI/loop", "KIWI/escape-relative",
        "race/link/secret.txt",
        "../\u{301}x", "..\u{301}/secret.txt", "", ".", "..", "/", "KIWI", "KIWI/", "KIWI/..", "\u{1b}[31mred",
        "name\nwith newline", "tab\there", "del\u{7f}", "bell\u{07}", "\u{85}next-line", "secret.txt%00.png",
    ]

    /// Raw byte names that are not valid UTF-8, hold NUL, or are very long.
    static var bytes: [[UInt8]] {
        var names: [[UInt8]] = [
            Array("secret".utf8) + [0] + Array(".txt".utf8),
            [0] + Array("../secret.txt".utf8),
            [0xff, 0xfe] + Array("/../secret.txt".utf8),
            Array("..".utf8) + [0xc0, 0xaf] + Array("secret.txt".utf8),
            Array("..".utf8) + [0xe0, 0x80, 0xaf] + Array("secret.txt".utf8),
            Array(".".utf8) + [0xc0, 0xae] + Array("/secret.txt".utf8),
            [0xc0, 0xae, 0xc0, 0xae, 0x2f] + Array("secret.txt".utf8),
            [0x2e, 0x2e, 0x2f, 0xcc] + Array("secret.txt".utf8),
        ]
        for length in [255, 256, 511, 512, 1000, 4096] {
            names.append([UInt8](repeating: UInt8(ascii: "a"), count: length))
            names.append(Array(String(repeating: "../", count: length / 3).utf8))
            names.append(Array(String(repeating: "a/", count: length / 2).utf8))
        }
        return names
    }

    /// Every name, as the bytes that go into the request.
    public static var all: [[UInt8]] {
        (climbing + fixed).map { Array($0.utf8) } + bytes
    }
}
