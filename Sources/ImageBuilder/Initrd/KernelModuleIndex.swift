import SystemSupport

/// A kernel's `modules.dep` (and `modules.builtin`): which file holds each module and what it needs first.
/// Names compare like modprobe's: `virtio-net` and `virtio_net` are the same module.
public struct KernelModuleIndex: Equatable, Sendable {
    /// module name → path relative to `/lib/modules/<version>/`
    public private(set) var paths: [String: String] = [:]
    /// module name → the paths it depends on, as listed (modules.dep lists the whole chain)
    public private(set) var dependencies: [String: [String]] = [:]
    public private(set) var builtin: Set<String> = []

    public init(modulesDep: String, modulesBuiltin: String = "") {
        for line in modulesDep.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let path = String(line[..<colon]).trimmed()
            guard !path.isEmpty else { continue }
            let name = Self.moduleName(ofPath: path)
            paths[name] = path
            dependencies[name] = line[line.index(after: colon)...].split(separator: " ").map(String.init)
        }
        for line in modulesBuiltin.split(separator: "\n") {
            let path = String(line).trimmed()
            if !path.isEmpty { builtin.insert(Self.moduleName(ofPath: path)) }
        }
    }

    /// `kernel/drivers/net/virtio_net.ko.xz` → `virtio_net`
    public static func moduleName(ofPath path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        for suffix in [".xz", ".zst", ".gz"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        if name.hasSuffix(".ko") { name.removeLast(3) }
        return normalized(name)
    }

    public static func normalized(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }

    /// What to put in an initrd for `names`: the module files, dependencies before the modules that need them
    /// (the order to load them with insmod), each once; the names that are built into the kernel; and the names
    /// this kernel does not have at all.
    public func closure(of names: [String]) -> ModuleClosure {
        var result = ModuleClosure()
        var placed: Set<String> = []
        func place(_ path: String) {
            guard placed.insert(path).inserted else { return }
            let name = Self.moduleName(ofPath: path)
            // The listed chain is complete but not ordered for loading; place each dependency's own chain first.
            for dependency in dependencies[name] ?? [] { place(dependency) }
            result.loadOrder.append(path)
        }
        for requested in names.map(Self.normalized) {
            if let path = paths[requested] {
                place(path)
            } else if builtin.contains(requested) {
                result.builtin.append(requested)
            } else {
                result.missing.append(requested)
            }
        }
        return result
    }
}

/// The outcome of `KernelModuleIndex.closure(of:)`.
public struct ModuleClosure: Equatable, Sendable {
    /// Paths relative to `/lib/modules/<version>/`, in load order.
    public var loadOrder: [String] = []
    public var builtin: [String] = []
    public var missing: [String] = []
}
