/// What starts `ltsp-client` in the image: busybox init in the `minimal` profile (no init system), a systemd unit
/// in `thin`.
public enum ClientBootFiles {
    public static let clientPath = "/usr/sbin/ltsp-client"
    public static let ldmPath = "/usr/sbin/ldm"
    public static let greeterPath = "/usr/lib/kiwi-ltsp/ldm-greeter"
    public static let hooksDirectory = "/etc/ldm/rc.d"
    /// systemd's serial console login, masked in the `thin` image.
    public static let serialGettyMask = "/etc/systemd/system/serial-getty@.service"
    public static let sysinitPath = "/usr/lib/kiwi-ltsp/sysinit"
    public static let unitPath = "/etc/systemd/system/ltsp-client.service"
    public static let unitLink = "/etc/systemd/system/multi-user.target.wants/ltsp-client.service"

    /// busybox init(8)'s table: mount the rest, run ltsp-client once on the console, unmount at shutdown.
    public static let inittab = """
        # kiwi-ltsp minimal client: busybox init. ltsp-client prints its ready line and keeps the screens.
        ::sysinit:\(sysinitPath)
        ::once:\(clientPath)
        ::ctrlaltdel:/bin/busybox reboot
        ::shutdown:/bin/busybox umount -a -r

        """

    public static let sysinit = """
        #!/bin/busybox sh
        # kiwi-ltsp minimal client: what an init system would mount. The initrd moved /proc, /sys, /dev and /run.
        /bin/busybox mkdir -p /dev/pts /dev/shm
        /bin/busybox mount -t devpts -o gid=5,mode=620 devpts /dev/pts
        /bin/busybox mount -t tmpfs -o nosuid,nodev tmpfs /dev/shm
        /bin/busybox mount -t tmpfs -o nosuid,nodev tmpfs /tmp
        /bin/busybox ip link set lo up
        exit 0

        """

    public static let unit = """
        [Unit]
        Description=kiwi-ltsp thin client: lts.conf, host name, screens
        After=local-fs.target
        ConditionKernelCommandLine=ltsp.server

        [Service]
        Type=simple
        ExecStart=\(clientPath)
        StandardOutput=journal+console
        StandardError=journal+console
        Restart=on-failure

        [Install]
        WantedBy=multi-user.target

        """

    /// What an admin finds in `/etc/ldm/rc.d` (the README itself never runs: only names of letters, digits, `_` and
    /// `-` that start with a phase letter do).
    public static let hooksReadme = """
        ldm hooks: shell scripts sourced by ldm, in name order, at each phase of a login.
          I*  X is up, before the greeter        P*  user known, before ssh
          S*  ssh connected, before the session  X*  the session is about to start
          K*  the session has ended
        They see LDM_SERVER, LDM_USERNAME, LDM_SOCKET (the ssh control socket: `ssh -S "$LDM_SOCKET" "$LDM_SERVER"
        COMMAND` runs COMMAND as the user), DISPLAY, XAUTHORITY, LDMINFO_IPADDR, LDM_SESSION, LDM_LANGUAGE and the
        lts.conf variables. Names with other characters (S10-x~, S10-x.dpkg-old) are skipped.

        """

    /// `/etc/shadow` with root's password locked (`!` in front; `*` becomes `!*`). Other lines are kept.
    public static func lockingRoot(shadow: String) -> String {
        var lines = shadow.components(separatedBy: "\n")
        for index in lines.indices where lines[index].hasPrefix("root:") {
            var fields = lines[index].components(separatedBy: ":")
            guard fields.count > 1 else { continue }
            if !fields[1].hasPrefix("!") { fields[1] = "!" + (fields[1].isEmpty ? "*" : fields[1]) }
            lines[index] = fields.joined(separator: ":")
        }
        return lines.joined(separator: "\n")
    }
}
