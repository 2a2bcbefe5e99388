// Linux calls that Swift's Glibc module leaves out (they need _GNU_SOURCE or live in headers it does not import),
// wrapped with plain C types: the way SwiftNIO's CNIOLinux does it, instead of dlsym.
#pragma once
#include <stdint.h>
#include <sys/types.h>
// `struct sockaddr_ll` for AF_PACKET sockets (the AoE target), which Swift's Glibc module leaves out.
#include <netpacket/packet.h>

/// epoll(7): an instance, a readable descriptor added with a token, removed, and a wait that fills tokens.
int kiwi_epoll_create(void);
int kiwi_epoll_add_readable(int epoll, int descriptor, uint64_t token);
int kiwi_epoll_remove(int epoll, int descriptor);
int kiwi_epoll_wait(int epoll, uint64_t *tokens, int capacity, int timeout_milliseconds);

/// eventfd(2), non-blocking: a counter another thread bumps to wake an epoll wait.
int kiwi_eventfd(void);
int kiwi_eventfd_signal(int descriptor);
void kiwi_eventfd_drain(int descriptor);

/// sendmmsg(2) with the caller's `struct mmsghdr` array.
int kiwi_sendmmsg(int descriptor, void *messages, unsigned int count, int flags);
/// recvmmsg(2) with the caller's `struct mmsghdr` array and no timeout (pass MSG_DONTWAIT not to wait).
int kiwi_recvmmsg(int descriptor, void *messages, unsigned int count, int flags);

/// fallocate(2).
int kiwi_fallocate(int descriptor, int mode, int64_t offset, int64_t length);

/// openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: `path` is resolved under `directory` and can never leave it
/// (not by `..`, not through a symlink, not by a rename racing the resolution: the kernel checks during the walk).
/// -1 with errno ENOSYS on kernels before 5.6; EXDEV when the path would leave the directory.
int kiwi_open_beneath(int directory, const char *path, int flags, unsigned int mode);

/// renameat2(2) with RENAME_EXCHANGE: the two names swap atomically (tests race it against the server).
int kiwi_rename_exchange(int directory, const char *first, const char *second);

/// Becomes `uid`:`gid` (supplementary groups: `gid` only) keeping exactly the capabilities in `capabilities` (bit
/// N = capability N) as ambient capabilities, drops every other capability from the bounding set, sets
/// no_new_privs, and executes `path` with `argv` and `envp`. Capabilities are per thread in Linux: doing it all in
/// one call on one thread and then replacing the process leaves no thread behind with more. Returns only on
/// failure: -1 with errno set.
int kiwi_become_and_exec(unsigned int uid, unsigned int gid, uint64_t capabilities, const char *path,
                         char *const argv[], char *const envp[]);

/// The calling thread's effective capabilities (bit N = capability N), or -1 on failure.
int64_t kiwi_effective_capabilities(void);

/// unshare(2) of the mount namespace: the caller's mounts from now on are its own (ldm's medium jail).
int kiwi_unshare_mounts(void);

/// O_PATH (a GNU flag Swift's Glibc module does not show): a descriptor that only names a place in the tree.
extern const int kiwi_o_path;
