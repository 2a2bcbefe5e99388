/// The initrd's `/init`, a busybox sh script: reads the kernel command line written by `configure`'s boot menus,
/// brings up the network (DHCP unless `ip=` gives the address), attaches the root image over NBD (or AoE, or
/// mounts NFS), mounts it read-only under a tmpfs overlay (KIWI's split image) and switches root.
/// Every failure says what failed and opens a shell on the console.
///
/// `/init --print-config 'CMDLINE'` parses CMDLINE as the kernel's and prints the variables it would boot with,
/// so the parsing is tested by running this very script.
public enum InitScript {
    /// Where the udhcpc event script and the module list live inside the initrd.
    public static let udhcpcScriptPath = "etc/kiwi-ltsp/udhcpc.script"
    public static let moduleListPath = "etc/kiwi-ltsp/modules"

    public static let text: String = #"""
        #!/bin/sh
        # kiwi-ltsp initrd-ltsp /init: network, root image (NBD, AoE or NFS), read-only squashfs under a tmpfs overlay.
        export PATH=/sbin:/bin:/usr/sbin:/usr/bin

        say() { echo "kiwi-ltsp initrd: $*"; }

        # A failure names what failed and gives the console a shell; leaving the shell reboots.
        fail() {
            say "FAILED: $*"
            say "dropping to a shell on the console (exit to reboot)"
            setsid cttyhack sh -i
            reboot -f
        }

        parse_cmdline() {
            ROOT= NBDROOT= NFSROOT= IP= BOOTIF= SERVER= INIT=/sbin/init BREAK= OVERLAY_SIZE=50%
            NBD_DEVICE= NBD_SERVER= NBD_PORT= NBD_EXPORT= AOE_DEVICE= NFS_SERVER= NFS_PATH= NFS_OPTIONS=
            for word in $1; do
                case "$word" in
                    root=*) ROOT="${word#root=}" ;;
                    nbdroot=*) NBDROOT="${word#nbdroot=}" ;;
                    nfsroot=*) NFSROOT="${word#nfsroot=}" ;;
                    ip=*) IP="${word#ip=}" ;;
                    BOOTIF=*) BOOTIF="${word#BOOTIF=}" ;;
                    ltsp.server=*) SERVER="${word#ltsp.server=}" ;;
                    ltsp.break=*) BREAK="${word#ltsp.break=}" ;;
                    ltsp.overlay_size=*) OVERLAY_SIZE="${word#ltsp.overlay_size=}" ;;
                    init=*) INIT="${word#init=}" ;;
                esac
            done
            # PXELINUX's IPAPPEND 2 gives BOOTIF=01-52-54-00-12-34-56; iPXE may write colons.
            MAC=$(echo "$BOOTIF" | tr 'A-F-' 'a-f:')
            case "$MAC" in ??:??:??:??:??:??:??) MAC="${MAC#??:}" ;; esac
            case "$MAC" in ??:??:??:??:??:??) ;; *) MAC= ;; esac
            # ip=client:server:gateway:netmask[:hostname:device:autoconf] (IPAPPEND 1), or ip=dhcp
            IP_CLIENT= IP_SERVER= IP_GATEWAY= IP_NETMASK= IP_DEVICE=
            case "$IP" in
                *:*)
                    IFS=: read -r IP_CLIENT IP_SERVER IP_GATEWAY IP_NETMASK _ IP_DEVICE _ <<EOF
        $IP
        EOF
                    ;;
            esac
            case "$ROOT" in
                /dev/nbd*)
                    ROOT_TYPE=nbd NBD_DEVICE="$ROOT"
                    # nbdroot=SERVER:PORT/EXPORT, SERVER/EXPORT or SERVER
                    case "$NBDROOT" in
                        *:*)
                            NBD_SERVER="${NBDROOT%%:*}" rest="${NBDROOT#*:}"
                            NBD_PORT="${rest%%/*}" NBD_EXPORT="${rest#*/}"
                            [ "$NBD_EXPORT" = "$rest" ] && NBD_EXPORT=
                            ;;
                        */*) NBD_SERVER="${NBDROOT%%/*}" NBD_EXPORT="${NBDROOT#*/}" ;;
                        *) NBD_SERVER="$NBDROOT" ;;
                    esac
                    [ -n "$NBD_PORT" ] || NBD_PORT=10809
                    ;;
                /dev/etherd/e*)
                    ROOT_TYPE=aoe AOE_DEVICE="$ROOT" ;;
                /dev/nfs)
                    ROOT_TYPE=nfs NFS_SERVER="${NFSROOT%%:*}" rest="${NFSROOT#*:}"
                    NFS_PATH="${rest%%,*}" NFS_OPTIONS=ro
                    [ "$NFS_PATH" = "$rest" ] || NFS_OPTIONS="${rest#*,}"
                    ;;
                *) ROOT_TYPE=unknown ;;
            esac
        }

        print_config() {
            for name in ROOT_TYPE NBD_DEVICE NBD_SERVER NBD_PORT NBD_EXPORT AOE_DEVICE NFS_SERVER NFS_PATH NFS_OPTIONS \
                        MAC IP_CLIENT IP_SERVER IP_GATEWAY IP_NETMASK IP_DEVICE SERVER INIT BREAK OVERLAY_SIZE; do
                eval "value=\$$name"
                echo "$name=$value"
            done
        }

        if [ "$1" = "--print-config" ]; then
            parse_cmdline "$2"
            print_config
            exit 0
        fi

        maybe_break() {
            if [ "$BREAK" = "$1" ]; then
                say "ltsp.break=$1: shell before $1 (exit to go on)"
                setsid cttyhack sh -i
            fi
        }

        mount_basics() {
            mkdir -p /proc /sys /dev /run /newroot
            mount -t proc -o nodev,noexec,nosuid proc /proc
            mount -t sysfs -o nodev,noexec,nosuid sysfs /sys
            mount -t devtmpfs -o mode=0755 devtmpfs /dev || fail "cannot mount devtmpfs on /dev"
            mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
            mkdir -p /run/kiwi-ltsp
        }

        load_modules() {
            kernel=$(uname -r)
            while read -r module; do
                [ -n "$module" ] || continue
                insmod "/lib/modules/$kernel/$module" 2>/dev/null
            done < /etc/kiwi-ltsp/modules
        }

        find_interface() {
            IFACE=
            tries=0
            while [ -z "$IFACE" ] && [ $tries -lt 100 ]; do
                for path in /sys/class/net/*; do
                    name="${path##*/}"
                    [ "$name" = lo ] && continue
                    [ -e "$path/device" ] || continue
                    if [ -n "$IP_DEVICE" ] && [ "$name" = "$IP_DEVICE" ]; then IFACE="$name"; break; fi
                    if [ -n "$MAC" ] && [ "$(cat "$path/address")" = "$MAC" ]; then IFACE="$name"; break; fi
                    if [ -z "$MAC" ] && [ -z "$IP_DEVICE" ] && [ -z "$IFACE" ]; then IFACE="$name"; fi
                done
                [ -n "$IFACE" ] || { tries=$((tries + 1)); sleep 0.1; }
            done
            [ -n "$IFACE" ] || fail "no network interface${MAC:+ with MAC $MAC} (is its driver in the initrd?)"
        }

        bring_up_network() {
            ip link set lo up
            ip link set "$IFACE" up || fail "cannot bring up $IFACE"
            if [ -n "$IP_CLIENT" ] && [ -n "$IP_NETMASK" ]; then
                eval "$(ipcalc -p "$IP_CLIENT" "$IP_NETMASK")"
                ip addr add "$IP_CLIENT/$PREFIX" dev "$IFACE" || fail "cannot set $IP_CLIENT/$PREFIX on $IFACE"
                case "$IP_GATEWAY" in ''|0.0.0.0) ;; *) ip route add default via "$IP_GATEWAY" ;; esac
                echo "IP=$IP_CLIENT INTERFACE=$IFACE SERVER=$IP_SERVER" > /run/kiwi-ltsp/net.conf
                say "$IFACE: $IP_CLIENT/$PREFIX from the command line"
            else
                say "$IFACE: asking DHCP"
                udhcpc -i "$IFACE" -s /etc/kiwi-ltsp/udhcpc.script -n -q -t 8 -T 2 -V kiwi-ltsp \
                    || fail "no DHCP answer on $IFACE"
            fi
            [ -f /run/kiwi-ltsp/net.conf ] && . /run/kiwi-ltsp/net.conf
            [ -n "$SERVER" ] || SERVER="$NEXT_SERVER"
            [ -n "$NBD_SERVER" ] || NBD_SERVER="$SERVER"
            [ -n "$NFS_SERVER" ] || NFS_SERVER="$SERVER"
        }

        wait_for() {
            tries=0
            while [ ! -e "$1" ] && [ $tries -lt "${2:-100}" ]; do tries=$((tries + 1)); sleep 0.1; done
            [ -e "$1" ]
        }

        attach_root() {
            case "$ROOT_TYPE" in
                nbd)
                    [ -n "$NBD_SERVER" ] || fail "no NBD server: nbdroot=$NBDROOT and no ltsp.server or DHCP server"
                    [ -n "$NBD_EXPORT" ] || fail "no NBD export name in nbdroot=$NBDROOT"
                    wait_for "$NBD_DEVICE" 50 || fail "$NBD_DEVICE does not exist (nbd module missing?)"
                    ltsp-nbd-attach --export "$NBD_EXPORT" "$NBD_SERVER" "$NBD_PORT" "$NBD_DEVICE" \
                        || fail "cannot attach $NBD_SERVER:$NBD_PORT/$NBD_EXPORT to $NBD_DEVICE"
                    IMAGE="$NBD_DEVICE"
                    ;;
                aoe)
                    [ -e /dev/etherd/discover ] || wait_for /dev/etherd/discover 50
                    echo > /dev/etherd/discover 2>/dev/null
                    wait_for "$AOE_DEVICE" 100 || fail "AoE target $AOE_DEVICE not found on the network"
                    IMAGE="$AOE_DEVICE"
                    ;;
                nfs)
                    [ -n "$NFS_SERVER" ] || fail "no NFS server in nfsroot=$NFSROOT"
                    IMAGE=
                    ;;
                *) fail "root=$ROOT is not one of /dev/nbd*, /dev/etherd/e*, /dev/nfs" ;;
            esac
        }

        mount_root() {
            # The split image: the squashfs (or the NFS export) read-only below, a tmpfs above for everything the
            # client writes.
            mkdir -p /run/kiwi-ltsp/image /run/kiwi-ltsp/overlay
            mount -t tmpfs -o "mode=0755,size=$OVERLAY_SIZE" overlay-rw /run/kiwi-ltsp/overlay
            mkdir -p /run/kiwi-ltsp/overlay/upper /run/kiwi-ltsp/overlay/work
            if [ "$ROOT_TYPE" = nfs ]; then
                # NFSv4 goes to the kernel as text options (busybox's own NFS mount speaks v2/v3 only).
                case ",$NFS_OPTIONS," in
                    *,vers=4*) mount -t nfs4 -o "$NFS_OPTIONS,addr=$NFS_SERVER" "$NFS_SERVER:$NFS_PATH" /run/kiwi-ltsp/image ;;
                    *) mount -t nfs -o "$NFS_OPTIONS,nolock" "$NFS_SERVER:$NFS_PATH" /run/kiwi-ltsp/image ;;
                esac || fail "cannot mount $NFS_SERVER:$NFS_PATH over NFS"
            else
                mount -t squashfs -o ro "$IMAGE" /run/kiwi-ltsp/image || fail "$IMAGE holds no squashfs image"
            fi
            mount -t overlay -o lowerdir=/run/kiwi-ltsp/image,upperdir=/run/kiwi-ltsp/overlay/upper,workdir=/run/kiwi-ltsp/overlay/work \
                root /newroot || fail "cannot mount the overlay root"
        }

        switch_to_root() {
            [ -x "/newroot$INIT" ] || [ -L "/newroot$INIT" ] || fail "the image has no $INIT"
            [ -n "$SERVER" ] && echo "$SERVER" > /run/kiwi-ltsp/server
            [ -f /run/kiwi-ltsp/resolv.conf ] && cp /run/kiwi-ltsp/resolv.conf /newroot/etc/resolv.conf
            mkdir -p /newroot/run /newroot/dev /newroot/proc /newroot/sys
            mount --move /run /newroot/run
            mount --move /dev /newroot/dev
            mount --move /sys /newroot/sys
            mount --move /proc /newroot/proc
            say "switching to the image ($ROOT_TYPE), starting $INIT"
            exec switch_root /newroot "$INIT"
        }

        mount_basics
        parse_cmdline "$(cat /proc/cmdline)"
        say "root $ROOT_TYPE${NBD_EXPORT:+ export $NBD_EXPORT}"
        maybe_break modules
        load_modules
        maybe_break network
        find_interface
        bring_up_network
        maybe_break mount
        attach_root
        mount_root
        maybe_break init
        switch_to_root
        fail "switch_root returned"

        """#

    /// busybox udhcpc calls this with `deconfig`, `bound` or `renew` and the lease in the environment.
    public static let udhcpcScript: String = #"""
        #!/bin/sh
        # kiwi-ltsp initrd: udhcpc event script; the lease goes to /run/kiwi-ltsp/net.conf for /init and the image.
        case "$1" in
            deconfig)
                ip addr flush dev "$interface"
                ip link set "$interface" up
                ;;
            bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/${mask:-24}" dev "$interface"
                for gateway in $router; do ip route add default via "$gateway" dev "$interface"; break; done
                : > /run/kiwi-ltsp/resolv.conf
                [ -n "$domain" ] && echo "search $domain" >> /run/kiwi-ltsp/resolv.conf
                for server in $dns; do echo "nameserver $server" >> /run/kiwi-ltsp/resolv.conf; done
                next="$siaddr"
                case "$next" in ''|0.0.0.0) next="$serverid" ;; esac
                echo "IP=$ip INTERFACE=$interface NEXT_SERVER=$next HOSTNAME_DHCP=$hostname" > /run/kiwi-ltsp/net.conf
                echo "kiwi-ltsp initrd: $interface: $ip/${mask:-24} from DHCP server $serverid"
                ;;
        esac
        exit 0

        """#
}
