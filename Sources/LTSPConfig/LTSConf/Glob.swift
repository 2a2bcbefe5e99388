import Glibc
/// Shell glob matching (fnmatch(3): `*`, `?`, `[...]`), case-insensitive as lts.conf section names are.
public enum Glob {
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern.lowercased(), name.lowercased(), 0) == 0
    }
}
