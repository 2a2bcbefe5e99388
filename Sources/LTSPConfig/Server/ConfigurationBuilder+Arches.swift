extension ConfigurationBuilder {
    /// The architectures iPXE can choose between by the CPU: `cpuid --ext 29` (long mode) picks amd64, else i386.
    static let servableArches = ["amd64", "i386"]

    /// EXTRA_ARCHES: architectures served beside ARCH, each once. Only amd64 and i386 (the schema checks each word),
    /// never ARCH itself, only beside an ARCH of those two, and only over NBD: one export per architecture, while
    /// AoE and NFS serve ARCH's root alone.
    mutating func deriveExtraArches(arch: String) -> [String] {
        let listed = words(text("EXTRA_ARCHES"))
        guard !listed.isEmpty else { return [] }
        var arches: [String] = []
        for word in listed {
            if word == arch {
                error(line("EXTRA_ARCHES"), "EXTRA_ARCHES: \(word) is ARCH already; list only the other architectures")
            } else if arches.contains(word) {
                warning(line("EXTRA_ARCHES"), "EXTRA_ARCHES names \(word) twice")
            } else {
                arches.append(word)
            }
        }
        if !Self.servableArches.contains(arch) {
            error(
                line("EXTRA_ARCHES"),
                "EXTRA_ARCHES needs ARCH amd64 or i386, not \(arch): iPXE chooses between those two by the CPU")
        }
        let rootType = text("ROOT_TYPE")
        if rootType != RootType.nbd.rawValue {
            error(
                line("EXTRA_ARCHES"),
                "EXTRA_ARCHES needs ROOT_TYPE=nbd: ROOT_TYPE=\(rootType) serves ARCH's root only "
                    + "(NBD exports each architecture's image by its name)")
        }
        return arches
    }
}
