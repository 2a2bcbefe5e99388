import Foundation

/// The script udhcpc (`-s`) and dhclient (`-sf`) run on each event, for tests that need to see what a real client
/// was given.
public enum DHCPHookScript {
    /// Writes the script to `directory` and returns its path. It prints one line of `key=value` words: the event,
    /// then each field under udhcpc's and dhclient's variable names side by side (one of each pair is empty), e.g.
    /// `event=bound reason= ip=192.168.67.20 router=192.168.67.1 ...`. With `configure`, it also puts the address
    /// on the interface when bound or renewed (so renew and release can be sent from it) and takes it off again.
    public static func write(configure: Bool, in directory: String) throws -> String {
        let path = directory + (configure ? "/hook-configure.sh" : "/hook-print.sh")
        let configureText =
            configure
            ? """
            case "$1$reason" in
            bound|renew|BOUND|RENEW|REBIND|REBOOT)
                ip addr flush dev "$interface"; ip addr add "$ip$new_ip_address/24" dev "$interface" ;;
            deconfig|RELEASE|EXPIRE|FAIL|STOP)
                ip addr flush dev "$interface" ;;
            esac
            """ : ""
        let text = """
            #!/bin/sh
            echo "event=$1 reason=$reason ip=$ip$new_ip_address router=$router$new_routers \
            dns=$dns$new_domain_name_servers hostname=$hostname$new_host_name domain=$domain$new_domain_name \
            boot_file=$boot_file$new_filename bootfile=$bootfile siaddr=$siaddr$new_next_server_address"
            \(configureText)
            exit 0
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }
}
