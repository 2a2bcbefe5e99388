import Glibc
/// A directory's entry names (readdir(3)), without `.` and `..`; none when it cannot be opened.
public enum DirectoryListing {
    public static func names(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        return entries(of: handle)
    }

    /// The entries of an open directory stream.
    static func entries(of handle: OpaquePointer) -> [String] {
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
