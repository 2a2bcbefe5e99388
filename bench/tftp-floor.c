// A floor for bench/tftp: about the least a TFTP server can do per block with these clients. The file is mapped
// (no reads, no copies in user space), there is no timer beyond a receive timeout, no check of where a packet came
// from, no limit, no log. Not a server anybody should run: it only shows how far a server's own work can move each
// figure of the benchmark.
//
//   tftp-floor PORT ROOT           a thread per transfer, blocking recvfrom and one sendmsg per block
//   tftp-floor PORT ROOT shared    one thread and one socket for every transfer, recvmmsg and sendmmsg
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *root;
static int shared_mode;

struct transfer {
    struct sockaddr_in peer;
    const unsigned char *data;
    size_t size;
    int blksize;
    unsigned last;   // last block number (1-based count)
    unsigned sent;
    int active;
    unsigned char header[4];
};

static int parse_rrq(const unsigned char *p, ssize_t n, char *file, int *blksize, int *want_tsize) {
    if (n < 4 || p[0] != 0 || p[1] != 1) return -1;
    const char *s = (const char *)p + 2, *end = (const char *)p + n;
    size_t len = strnlen(s, end - s);
    if (s + len >= end) return -1;
    snprintf(file, 512, "%s/%s", root, s);
    s += len + 1;
    len = strnlen(s, end - s); s += len + 1;   // mode
    *blksize = 512; *want_tsize = 0;
    while (s < end) {
        const char *k = s; len = strnlen(s, end - s); s += len + 1; if (s >= end) break;
        const char *v = s; len = strnlen(s, end - s); s += len + 1;
        if (!strcasecmp(k, "blksize")) *blksize = atoi(v);
        if (!strcasecmp(k, "tsize")) *want_tsize = 1;
    }
    return 0;
}

static int open_map(const char *file, const unsigned char **data, size_t *size) {
    int fd = open(file, O_RDONLY);
    if (fd < 0) return -1;
    struct stat st; fstat(fd, &st);
    *size = st.st_size;
    *data = mmap(NULL, st.st_size ? st.st_size : 1, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
    close(fd);
    return 0;
}

static size_t oack(unsigned char *out, int blksize, int want_tsize, size_t size) {
    size_t n = 0; out[n++] = 0; out[n++] = 6;
    n += sprintf((char *)out + n, "blksize") + 1;
    n += sprintf((char *)out + n, "%d", blksize) + 1;
    if (want_tsize) { n += sprintf((char *)out + n, "tsize") + 1; n += sprintf((char *)out + n, "%zu", size) + 1; }
    return n;
}

struct job { struct sockaddr_in peer; char file[512]; int blksize, want_tsize; };

static void *lockstep(void *arg) {
    struct job *j = arg;
    const unsigned char *data; size_t size;
    if (open_map(j->file, &data, &size) < 0) { free(j); return NULL; }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in local = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(s, (void *)&local, sizeof local);
    // Unconnected, as measured cheaper here than a connected socket (a route lookup per send costs less than
    // whatever connect(2) adds); the client's address goes with every send.
    struct timeval tv = { 1, 0 }; setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    unsigned char out[65536], in[512];
    unsigned last = size / j->blksize + 1, sent = 0;
    size_t n = oack(out, j->blksize, j->want_tsize, size);
    sendto(s, out, n, 0, (void *)&j->peer, sizeof j->peer);
    for (;;) {
        struct sockaddr_in src; socklen_t sl = sizeof src;
        ssize_t got = recvfrom(s, in, sizeof in, 0, (void *)&src, &sl);
        if (got < 0) { if (sent == 0) sendto(s, out, n, 0, (void *)&j->peer, sizeof j->peer); else goto resend; continue; }
        if (got < 4 || in[1] != 4) break;
        unsigned block = in[2] << 8 | in[3];
        if (block != (sent & 0xffff)) continue;
        if (sent == last) break;
        sent = sent + 1;
    resend:;
        size_t off = (size_t)(sent - 1) * j->blksize, len = size - off < (size_t)j->blksize ? size - off : j->blksize;
        struct iovec v[2] = { { (unsigned char[]){0, 3, sent >> 8, sent & 255}, 4 }, { (void *)(data + off), len } };
        struct msghdr m = { .msg_iov = v, .msg_iovlen = 2 };
        m.msg_name = &j->peer;
        m.msg_namelen = sizeof j->peer;
        sendmsg(s, &m, 0);
    }
    close(s); munmap((void *)data, size ? size : 1); free(j);
    return NULL;
}

// Shared mode: one socket for every transfer, ACKs in by recvmmsg, DATA out by sendmmsg.
#define MAXT 256
#define BATCH 64
static struct transfer transfers[MAXT];

static struct transfer *find(struct sockaddr_in *a) {
    for (int i = 0; i < MAXT; i++)
        if (transfers[i].active && transfers[i].peer.sin_port == a->sin_port &&
            transfers[i].peer.sin_addr.s_addr == a->sin_addr.s_addr) return &transfers[i];
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: floor PORT ROOT [shared]\n"); return 2; }
    root = argv[2]; shared_mode = argc > 3;
    int l = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(l, (void *)&a, sizeof a) < 0) { perror("bind"); return 1; }
    int t = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in tl = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(t, (void *)&tl, sizeof tl);
    int big = 4 << 20; setsockopt(t, SOL_SOCKET, SO_RCVBUF, &big, sizeof big); setsockopt(t, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    struct pollfd fds[2] = { { l, POLLIN, 0 }, { t, POLLIN, 0 } };
    static unsigned char inbuf[BATCH][512];
    static struct sockaddr_in from[BATCH];
    static struct mmsghdr in[BATCH], out[BATCH];
    static struct iovec inv[BATCH], outv[BATCH][2];
    static unsigned char headers[BATCH][4];
    for (;;) {
        if (poll(fds, shared_mode ? 2 : 1, -1) < 0) continue;
        if (fds[0].revents & POLLIN) {
            unsigned char p[1024]; struct sockaddr_in peer; socklen_t pl = sizeof peer;
            ssize_t n = recvfrom(l, p, sizeof p, 0, (void *)&peer, &pl);
            struct job *j = calloc(1, sizeof *j); j->peer = peer;
            if (parse_rrq(p, n, j->file, &j->blksize, &j->want_tsize) < 0) { free(j); continue; }
            if (!shared_mode) { pthread_t th; pthread_create(&th, NULL, lockstep, j); pthread_detach(th); continue; }
            struct transfer *x = NULL;
            for (int i = 0; i < MAXT; i++) if (!transfers[i].active) { x = &transfers[i]; break; }
            if (!x || open_map(j->file, &x->data, &x->size) < 0) { free(j); continue; }
            x->peer = peer; x->blksize = j->blksize; x->last = x->size / x->blksize + 1; x->sent = 0; x->active = 1;
            unsigned char o[256]; size_t on = oack(o, j->blksize, j->want_tsize, x->size);
            sendto(t, o, on, 0, (void *)&peer, sizeof peer);
            free(j);
        }
        if (shared_mode && (fds[1].revents & POLLIN)) {
            for (int i = 0; i < BATCH; i++) {
                inv[i] = (struct iovec){ inbuf[i], 512 };
                in[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = sizeof from[i],
                                                 .msg_iov = &inv[i], .msg_iovlen = 1 };
            }
            int got = recvmmsg(t, in, BATCH, MSG_DONTWAIT, NULL);
            int k = 0;
            for (int i = 0; i < got; i++) {
                if (in[i].msg_len < 4 || inbuf[i][1] != 4) continue;
                struct transfer *x = find(&from[i]);
                if (!x) continue;
                unsigned block = inbuf[i][2] << 8 | inbuf[i][3];
                if (block != (x->sent & 0xffff)) continue;
                if (x->sent == x->last) { munmap((void *)x->data, x->size ? x->size : 1); x->active = 0; continue; }
                unsigned next = ++x->sent;
                size_t off = (size_t)(next - 1) * x->blksize;
                size_t len = x->size - off < (size_t)x->blksize ? x->size - off : x->blksize;
                headers[k][0] = 0; headers[k][1] = 3; headers[k][2] = next >> 8; headers[k][3] = next & 255;
                outv[k][0] = (struct iovec){ headers[k], 4 };
                outv[k][1] = (struct iovec){ (void *)(x->data + off), len };
                out[k].msg_hdr = (struct msghdr){ .msg_name = &x->peer, .msg_namelen = sizeof x->peer,
                                                  .msg_iov = outv[k], .msg_iovlen = 2 };
                k++;
            }
            if (k) sendmmsg(t, out, k, 0);
        }
    }
}
