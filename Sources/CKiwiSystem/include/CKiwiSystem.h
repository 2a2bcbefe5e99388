// Linux calls that Swift's Glibc module leaves out (they need _GNU_SOURCE or live in headers it does not import),
// wrapped with plain C types: the way SwiftNIO's CNIOLinux does it, instead of dlsym.
#pragma once
#include <stdint.h>
#include <sys/types.h>

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

/// fallocate(2).
int kiwi_fallocate(int descriptor, int mode, int64_t offset, int64_t length);
