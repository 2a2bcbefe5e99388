#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <net/if.h>
#include <sys/utsname.h>
#include <ifaddrs.h>
#include <fnmatch.h>
#include <grp.h>
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <termios.h>
#include <netinet/tcp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/sysmacros.h>
#include <linux/nbd.h>

/// The environment, as the overlay's `environ` gives it (unistd.h declares it only with _GNU_SOURCE).
static inline char **kiwi_environment(void) {
    extern char **environ;
    return environ;
}

/// glibc's variadic calls, which Swift cannot call, with their optional argument made a fixed one.
static inline int kiwi_open(const char *path, int flags, mode_t mode) { return open(path, flags, mode); }
static inline int kiwi_openat(int directory, const char *path, int flags, mode_t mode) {
    return openat(directory, path, flags, mode);
}
static inline int kiwi_fcntl(int descriptor, int command, long argument) { return fcntl(descriptor, command, argument); }
static inline int kiwi_ioctl(int descriptor, unsigned long request, unsigned long argument) {
    return ioctl(descriptor, request, argument);
}

/// The program's arguments, saved before main by a constructor in glibc32.c (Embedded Swift has no CommandLine).
extern int kiwi_argument_count;
extern char **kiwi_arguments;
