#define _GNU_SOURCE
#include "CKiwiSystem.h"

#include <errno.h>
#include <sched.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

int kiwi_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int kiwi_epoll_add_readable(int epoll, int descriptor, uint64_t token) {
    struct epoll_event event = {.events = EPOLLIN, .data = {.u64 = token}};
    return epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event);
}

int kiwi_epoll_remove(int epoll, int descriptor) { return epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, NULL); }

int kiwi_epoll_wait(int epoll, uint64_t *tokens, int capacity, int timeout_milliseconds) {
    struct epoll_event events[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(epoll, events, capacity, timeout_milliseconds);
    for (int index = 0; index < count; index++) tokens[index] = events[index].data.u64;
    return count;
}

int kiwi_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int kiwi_eventfd_signal(int descriptor) { return eventfd_write(descriptor, 1); }

void kiwi_eventfd_drain(int descriptor) {
    eventfd_t value;
    (void)eventfd_read(descriptor, &value);
}

int kiwi_sendmmsg(int descriptor, void *messages, unsigned int count, int flags) {
    return sendmmsg(descriptor, (struct mmsghdr *)messages, count, flags);
}

int kiwi_recvmmsg(int descriptor, void *messages, unsigned int count, int flags) {
    return recvmmsg(descriptor, (struct mmsghdr *)messages, count, flags, NULL);
}

int kiwi_fallocate(int descriptor, int mode, int64_t offset, int64_t length) {
    return fallocate(descriptor, mode, (off_t)offset, (off_t)length);
}

int kiwi_open_beneath(int directory, const char *path, int flags, unsigned int mode) {
#ifdef SYS_openat2
    struct open_how how = {.flags = (uint64_t)flags, .mode = mode,
                           .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
    return (int)syscall(SYS_openat2, directory, path, &how, sizeof(how));
#else
    errno = ENOSYS;
    return -1;
#endif
}

int kiwi_rename_exchange(int directory, const char *first, const char *second) {
    return renameat2(directory, first, directory, second, RENAME_EXCHANGE);
}

int kiwi_become_and_exec(unsigned int uid, unsigned int gid, uint64_t capabilities, const char *path,
                         char *const argv[], char *const envp[]) {
    for (int cap = 0; cap < 64; cap++) {
        int present = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
        if (present < 0) break;  // past the kernel's last capability
        if (present == 1 && !(capabilities & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
            return -1;
        }
    }
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) return -1;
    gid_t groups[1] = {(gid_t)gid};
    if (setgroups(1, groups) != 0) return -1;
    if (setresgid(gid, gid, gid) != 0) return -1;
    if (setresuid(uid, uid, uid) != 0) return -1;
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    for (int word = 0; word < 2; word++) {
        uint32_t bits = (uint32_t)(capabilities >> (32 * word));
        data[word].effective = bits;
        data[word].permitted = bits;
        data[word].inheritable = bits;
    }
    if (syscall(SYS_capset, &header, data) != 0) return -1;
    for (int cap = 0; cap < 64; cap++) {
        if ((capabilities & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
            return -1;
        }
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    execve(path, argv, envp);
    return -1;
}

int64_t kiwi_effective_capabilities(void) {
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    return (int64_t)(((uint64_t)data[1].effective << 32) | data[0].effective);
}

const int kiwi_o_path = O_PATH;

int kiwi_unshare_mounts(void) {
    return unshare(CLONE_NEWNS);
}
