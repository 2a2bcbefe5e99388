import SystemSupport

/// The argument lists of every external tool provisioning runs. Kept here, in one place, so they are unit-tested.
public enum ToolCommand {
    /// `ssh-keygen -A` makes every missing host key type; `-f ROOT` prefixes the key paths with ROOT
    /// (ssh-keygen(1): "-f  ... with -A, a prefix directory"), so a scratch root never touches the host's keys.
    public static func generateHostKeys(root: RootDirectory) -> CommandInvocation {
        root.path == "/"
            ? CommandInvocation(["ssh-keygen", "-A"])
            : CommandInvocation(["ssh-keygen", "-A", "-f", root.path])
    }

    /// Replaces our nftables tables in the running kernel (the file deletes and recreates them).
    public static func loadFirewall(file: String) -> CommandInvocation {
        CommandInvocation(["nft", "-f", file], touchesHost: true)
    }

    /// Checks an nftables file without loading it.
    public static func checkFirewall(file: String) -> CommandInvocation {
        CommandInvocation(["nft", "-c", "-f", file])
    }

    /// Applies the sysctl file to the running kernel.
    public static func loadSysctl(file: String) -> CommandInvocation {
        CommandInvocation(["sysctl", "-p", file], touchesHost: true)
    }

    /// Creates (or corrects) what a tmpfiles.d file lists, now rather than at the next boot.
    public static func applyTmpfiles(file: String) -> CommandInvocation {
        CommandInvocation(["systemd-tmpfiles", "--create", file], touchesHost: true)
    }

    /// Asks dnsmasq to check a configuration file and exit.
    public static func checkDnsmasq(file: String) -> CommandInvocation {
        CommandInvocation(["dnsmasq", "--test", "-C", file])
    }
}
