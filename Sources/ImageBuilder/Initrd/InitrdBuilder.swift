import Glibc
import LTSPConfig
import Provisioning
import SystemSupport

/// Makes `initrd-ltsp` from the chroot's kernel modules and busybox and our `ltsp-nbd-attach`: cpio (newc), then
/// gzip, staged beside the published file.
public struct InitrdBuilder {
    public var chroot: String
    public var kernel: InstalledKernel
    public var nbdAttach: String
    public var runner: SystemProcessRunner

    public init(chroot: String, kernel: InstalledKernel, nbdAttach: String, runner: SystemProcessRunner) {
        self.chroot = chroot
        self.kernel = kernel
        self.nbdAttach = nbdAttach
        self.runner = runner
    }

    public struct Result: Equatable, Sendable {
        public var moduleCount: Int
        /// Optional modules this kernel has neither as a file nor built in.
        public var absentOptional: [String]
    }

    /// Writes the gzipped archive to `output`.
    public func build(to output: String) throws(ImageBuildError) -> Result {
        let index: KernelModuleIndex
        do {
            index = KernelModuleIndex(
                modulesDep: try TextFile.read(kernel.modulesDirectory + "/modules.dep"),
                modulesBuiltin: (try? TextFile.read(kernel.modulesDirectory + "/modules.builtin")) ?? "")
        } catch { throw ImageBuildError(error) }
        let required = index.closure(of: InitrdModules.required)
        guard required.missing.isEmpty else { throw .missingModules(required.missing) }
        let all = index.closure(of: InitrdModules.required + InitrdModules.optional)
        let layout: InitrdLayout
        do {
            let busybox = chroot + "/bin/busybox"
            guard TextFile.exists(busybox) else {
                throw ImageBuildError.missing(path: busybox, hint: "the image needs the busybox-static package")
            }
            layout = InitrdLayout(
                kernelVersion: kernel.version, busybox: try TextFile.readBytes(busybox),
                nbdAttach: try ClientPrograms.strippedBytes(of: nbdAttach),
                modules: try all.loadOrder.map { ($0, try TextFile.readBytes(kernel.modulesDirectory + "/" + $0)) })
        } catch let error as ImageBuildError {
            throw error
        } catch let error as SystemError {
            throw ImageBuildError(error)
        } catch {
            throw .toolFailed(step: "initrd", detail: "\(error)")
        }
        let archive = output + ".cpio"
        defer { unlink(archive); unlink(archive + ".gz") }
        do { try TextFile.writeAtomically(bytes: CPIOWriter.archive(layout.entries), to: archive) } catch {
            throw ImageBuildError(error)
        }
        do {
            let outcome = try runner.run(CommandInvocation(["gzip", "-9", "-n", "-f", archive]))
            guard outcome.status == 0 else { throw ImageBuildError.toolFailed(step: "gzip", detail: outcome.output) }
        } catch let error as ImageBuildError {
            throw error
        } catch {
            throw .toolFailed(step: "gzip", detail: "\(error)")
        }
        guard rename(archive + ".gz", output) == 0 else { throw .io(path: output, operation: "rename", errno: errno) }
        return Result(moduleCount: all.loadOrder.count, absentOptional: all.missing)
    }

}
