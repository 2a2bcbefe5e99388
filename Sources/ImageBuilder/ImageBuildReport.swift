import LTSPConfig

/// What a build made and how long it took.
public struct ImageBuildReport: Equatable, Sendable {
    public var profile: ImageProfile
    public var kernelVersion = ""
    public var initrdModules = 0
    /// nil when the chroot was reused.
    public var bootstrapSeconds: Double?
    public var squashfsSeconds = 0.0
    public var seconds = 0.0
    public var imageBytes: Int64 = 0
    public var kernelBytes: Int64 = 0
    public var initrdBytes: Int64 = 0

    public init(profile: ImageProfile) { self.profile = profile }

    public var summary: String {
        let bootstrap = bootstrapSeconds.map { "bootstrap \(Self.seconds($0)), " } ?? "chroot reused, "
        return "image built (\(profile.rawValue)) in \(Self.seconds(seconds)) (\(bootstrap)squashfs "
            + "\(Self.seconds(squashfsSeconds))): image \(Self.mebibytes(imageBytes)), linux-ltsp "
            + "\(Self.mebibytes(kernelBytes)), initrd-ltsp \(Self.mebibytes(initrdBytes)) (\(initrdModules) modules), "
            + "kernel \(kernelVersion)"
    }

    static func seconds(_ value: Double) -> String { "\(Int(value.rounded())) s" }

    static func mebibytes(_ bytes: Int64) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}
