# Shared by the scripts: find Swift, install Debian packages, build the package.
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/opt/swift/usr/bin:/usr/sbin:/sbin"

# What building the package needs besides Swift: the greeter draws with Xlib and Xft (found through pkg-config).
BUILD_PACKAGES=(pkg-config libx11-dev libxft-dev)

# What `kiwi-ltsp image build` and `kiwi-ltsp demo` run: the image build, the boot loaders, a virtual client, and for
# `demo --desktop` the server side of a session (sshd with X forwarding, xauth, Xsession, a small X program).
DEMO_PACKAGES=(
    mmdebstrap squashfs-tools gzip binutils cpio                    # image build (strip, gzip, cpio)
    arch-test                                                       # mmdebstrap's check for --arch i386
    pxelinux syslinux-common ipxe qemu-system-x86 ipxe-qemu iproute2 # PXE boot of a virtual client
    openssh-server openssh-client xauth x11-common x11-utils        # the desktop session's server side
)

# Debian packages the tool and its tests use (real clients and peers for the integration tests).
TEST_PACKAGES=(
    "${BUILD_PACKAGES[@]}"
    iproute2 python3 curl rsync cpio libarchive-tools
    busybox-static tftp-hpa tftpd-hpa atftp                         # TFTP clients and a peer server (in.tftpd)
    udhcpc isc-dhcp-client nmap dnsmasq-base tcpdump                # DHCP clients and a peer
    libnbd-bin python3-libnbd qemu-utils nbd-server                 # NBD clients (nbdinfo, nbdcopy, nbdsh, qemu-img), a peer
    pxelinux syslinux-common ipxe nftables openssh-client           # what configure installs and checks
    netcat-openbsd locales                                          # ldminfo client (nc), locales for localedef
    xvfb xdotool x11-utils xauth fonts-dejavu-core openssh-server   # ldm on this host: X, typing, sshd, xwininfo
    ovmf shim-signed grub-efi-amd64-signed ndisc6                   # UEFI clients, Secure Boot chain, rdisc6
    grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools       # kiwi-ltsp media build
    cups cups-daemon cups-client                                    # kiwi-ltsp printers --cups against a real cupsd
    pulseaudio-utils alsa-utils libasound2-plugins                  # a session's sound to the client; ALSA's pulse plugin
    sshfs openssh-sftp-server dosfstools                            # local devices: sshfs in the session, a FAT stick
    vblade nfs-ganesha nfs-ganesha-vfs                              # the AoE peer target; NFS root from nfs-ganesha
    gcc-multilib                                                    # 32-bit glibc for scripts/build-clients-i386
    "${DEMO_PACKAGES[@]}"
)

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "run this as root (network namespaces and the boot services need it)" >&2
        exit 1
    fi
}

need_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "Swift 6 is not installed (looked on PATH and in /opt/swift/usr/bin)." >&2
        echo "Install a Swift 6.x toolchain for Debian 12 and put its usr/bin on PATH." >&2
        exit 1
    fi
}

# Installs the packages that are missing; `apt-get update` runs first, once.
install_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "installing: ${missing[*]}" >&2
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

build() {
    need_swift
    (cd "$ROOT_DIR" && swift build "$@" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' >&2)
}
