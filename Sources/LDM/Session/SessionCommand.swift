/// The commands ldm runs on the server through the login's master connection. Each is one line for the user's login
/// shell; every value in it is quoted (``ShellWord``), and the environment is passed with `env`, which works in any
/// login shell (`KEY=value command` does not in csh).
public enum SessionCommand {
    /// The X session: the server's Xsession script with the chosen session, the client's identity in the
    /// environment, standard input and output detached (LTSP 5's X95-run-x-session).
    public static func session(xsession: String, session: String, environment: [(String, String)]) -> String {
        let assignments = environment.map { "\($0.0)=\(ShellWord.quoted($0.1))" }.joined(separator: " ")
        return "env \(assignments) \(ShellWord.quoted(xsession)) \(ShellWord.quoted(session)) </dev/null >/dev/null"
    }

    /// The client's cookie in the user's server-side Xauthority for `display` (`192.168.67.20:7`), for LDM_DIRECTX:
    /// the session's programs then connect straight to the client's X server.
    public static func addCookie(display: String, cookieHex: String) -> String {
        "xauth remove \(ShellWord.quoted(display)) >/dev/null 2>&1; "
            + "xauth add \(ShellWord.quoted(display)) MIT-MAGIC-COOKIE-1 \(ShellWord.quoted(cookieHex))"
    }

    /// LDM_LIMIT_ONE_SESSION: ends the user's other ssh connections to this server (and with them, their sessions),
    /// keeping the one this command runs under: the sshd among its ancestors. SIGTERM, then SIGKILL for what is left
    /// after a second (LTSP 5's S15-userLoginCheck, which took the newest sshd to be its own instead).
    public static let endOtherSessions =
        "sh -c "
        + ShellWord.quoted(
            """
            own=$$; while [ "$own" -gt 1 ] && [ "$(ps -o comm= -p "$own")" != sshd ]; do \
            own=$(ps -o ppid= -p "$own" | tr -d ' '); done; \
            others=$(pgrep -x -u "$(id -u)" sshd | grep -vx "$own"); \
            [ -z "$others" ] && exit 0; kill $others 2>/dev/null; sleep 1; kill -9 $others 2>/dev/null; exit 0
            """)

    /// A local medium in the session: `/media/<user>/<name>` made (the user's directory private and their own; a
    /// symlink or someone else's directory there is refused), and sshfs in passive mode on it, speaking SFTP over
    /// this command's standard input and output to the client's ``MediumJail``. When that ends (the medium was
    /// pulled, the user logged out) sshfs unmounts and the directories go. `auto_unmount`: a killed sshfs leaves no
    /// stale mount either. Nothing is written to standard output but SFTP.
    public static func showMedium(user: String, name: String) -> String {
        "sh -c "
            + ShellWord.quoted(
                """
                d="/media/$1"; m="$d/$2"; \
                command -v sshfs >/dev/null || { echo "kiwi-ltsp: sshfs is not installed on $(hostname)" >&2; exit 4; }; \
                [ -d "$d" ] || mkdir -m 0700 "$d" || exit 3; \
                if [ -L "$d" ] || [ ! -O "$d" ]; then echo "kiwi-ltsp: $d is not $1's own directory" >&2; exit 3; fi; \
                rmdir "$m" 2>/dev/null; mkdir -m 0700 "$m" || exit 5; \
                sshfs -f -o passive,auto_unmount,idmap=user,noatime :\(MediumJail.medium) "$m"; status=$?; \
                for i in 1 2 3 4 5 6 7 8 9 10; do rmdir "$m" 2>/dev/null && break; sleep 0.2; done; \
                rmdir "$d" 2>/dev/null; exit $status
                """) + " sh " + ShellWord.quoted(user) + " " + ShellWord.quoted(name)
    }
}
