import Foundation
import SystemSupport

/// The chroot's newest kernel: `/boot/vmlinuz-<version>` with its modules in `/lib/modules/<version>`.
public struct InstalledKernel: Equatable, Sendable {
    public var version: String
    /// Host paths.
    public var image: String
    public var modulesDirectory: String

    public static func newest(in chroot: String) throws(ImageBuildError) -> InstalledKernel {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: chroot + "/boot")) ?? []
        let versions = names.filter { $0.hasPrefix("vmlinuz-") }.map { String($0.dropFirst("vmlinuz-".count)) }
        guard let version = versions.max(by: { versionOrder($0, $1) }) else {
            throw .missing(
                path: chroot + "/boot/vmlinuz-*", hint: "the image has no kernel; rebuild without --reuse-chroot")
        }
        let modules = chroot + "/lib/modules/" + version
        guard TextFile.exists(modules + "/modules.dep") else {
            throw .missing(path: modules + "/modules.dep", hint: "the kernel's modules are not installed")
        }
        return InstalledKernel(version: version, image: chroot + "/boot/vmlinuz-" + version, modulesDirectory: modules)
    }

    /// `6.1.0-9-amd64` < `6.1.0-10-amd64`: runs of digits compare as numbers.
    public static func versionOrder(_ left: String, _ right: String) -> Bool {
        func parts(_ text: String) -> [Either] {
            var result: [Either] = []
            var current = ""
            var digits = false
            for character in text {
                let isDigit = character.isASCII && character.isNumber
                if !current.isEmpty && isDigit != digits {
                    result.append(digits ? .number(Int(current) ?? 0) : .text(current))
                    current = ""
                }
                digits = isDigit
                current.append(character)
            }
            if !current.isEmpty { result.append(digits ? .number(Int(current) ?? 0) : .text(current)) }
            return result
        }
        return parts(left).lexicographicallyPrecedes(parts(right))
    }

    enum Either: Comparable {
        case number(Int)
        case text(String)
    }
}
