#define _GNU_SOURCE
#include "CKiwiSystem.h"

#include <fcntl.h>
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

int kiwi_fallocate(int descriptor, int mode, int64_t offset, int64_t length) {
    return fallocate(descriptor, mode, (off_t)offset, (off_t)length);
}
