/// Characters as qemu key codes (QKeyCode names) on a US keyboard, as `send-key` takes them.
public enum KeyboardLayout {
    static let unshifted: [Character: String] = {
        var keys: [Character: String] = [
            " ": "spc", "\n": "ret", "\t": "tab", "-": "minus", "=": "equal",
            "[": "bracket_left", "]": "bracket_right", ";": "semicolon",
            "'": "apostrophe", "`": "grave_accent", "\\": "backslash", ",": "comma",
            ".": "dot", "/": "slash",
        ]
        for letter in "abcdefghijklmnopqrstuvwxyz" { keys[letter] = String(letter) }
        for digit in "0123456789" { keys[digit] = String(digit) }
        return keys
    }()

    static let shifted: [Character: Character] = [
        "!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0",
        "_": "-", "+": "=", "{": "[", "}": "]", ":": ";", "\"": "'", "~": "`", "|": "\\", "<": ",", ">": ".",
        "?": "/",
    ]

    /// The keys to hold together for `character`, or nil when a US keyboard has none.
    public static func qcodes(for character: Character) -> [String]? {
        if let key = unshifted[character] { return [key] }
        if character.isUppercase, let key = unshifted[Character(character.lowercased())] { return ["shift", key] }
        if let base = shifted[character], let key = unshifted[base] { return ["shift", key] }
        return nil
    }
}
