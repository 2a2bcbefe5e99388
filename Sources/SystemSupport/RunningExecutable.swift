/// The path of the running program (`/proc/self/exe`), or "" when the kernel does not say.
public enum RunningExecutable {
    public static var path: String { SymbolicLink.target(of: "/proc/self/exe") ?? "" }
}
