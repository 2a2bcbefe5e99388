extension ConfigSchema {
    /// The documented default `/etc/sysconfig/kiwi-ltsp`, with SUSE sysconfig headers for every variable.
    public static func defaultFileText() -> String {
        var text = """
            ## Configuration of KIWI-LTSP, the thin-client server.
            ## Written by `kiwi-ltsp config init`; check it with `kiwi-ltsp config check`,
            ## see the effective values with `kiwi-ltsp config show`.

            """
        for variable in variables {
            text += "\n## Path:        \(variable.path)\n"
            let lines = variable.description.split(separator: "\n")
            text += "## Description: \(lines.first ?? "")\n"
            for line in lines.dropFirst() { text += "##              \(line)\n" }
            text += "## Type:        \(variable.type.headerText)\n"
            text += "## Default:     \"\(variable.defaultValue)\"\n"
            text += "#\n"
            for line in lines { text += "# \(line)\n" }
            if let derivation = variable.derivation {
                text += "# Empty: \(derivation).\n"
            }
            text += "#\n\(variable.name)=\"\(variable.defaultValue)\"\n"
        }
        return text
    }
}
