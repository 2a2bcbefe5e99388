#!/usr/bin/env python3
"""Raw NBD client for the attack tests: what libnbd will not do on purpose.

  nbd_probe.py idle HOST PORT COUNT PID HOLD -- COMMAND...
      opens COUNT connections that never finish the handshake (half send nothing, half stop after the client
      flags), runs COMMAND meanwhile, and prints one JSON line: COMMAND's status and seconds, how many connections
      the server closed within HOLD seconds, and PID's threads, descriptors and RSS before, during and after
  nbd_probe.py rowrite HOST PORT EXPORT LENGTH
      negotiates EXPORT with NBD_OPT_GO, sends an NBD_CMD_WRITE header of LENGTH bytes and no payload, and prints one
      JSON line: the error of the reply and how long it took, then whether a READ still works after the payload
"""
import json, os, resource, select, socket, struct, subprocess, sys, time

IHAVEOPT = 0x49484156454F5054
OPTION_REPLY = 0x3E889045565A9
REQUEST, SIMPLE_REPLY = 0x25609513, 0x67446698
OPT_GO, REP_ACK = 7, 1
CMD_READ, CMD_WRITE = 0, 1


def usage(pid):
    status = open(f"/proc/{pid}/status").read().split("\n")
    fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {"threads": int(fields["Threads"]), "fds": len(os.listdir(f"/proc/{pid}/fd")),
            "rss_kib": int(fields["VmRSS"].split()[0])}


def receive(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError("server closed the connection")
        data += chunk
    return data


def taken(connections, timeout=60):
    """Waits until the server has taken each of `connections`: its greeting waits to be read (or it was closed)."""
    poller, pending = select.poll(), set()
    for sock in connections:
        poller.register(sock.fileno(), select.POLLIN)
        pending.add(sock.fileno())
    deadline = time.monotonic() + timeout
    while pending:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not take %d of %d connections in %d s"
                               % (len(pending), len(connections), timeout))
        for fd, _events in poller.poll(100):
            poller.unregister(fd)
            pending.discard(fd)


def idle(host, port, count, pid, hold, command):
    resource.setrlimit(resource.RLIMIT_NOFILE, (count + 1024, count + 1024))
    before = usage(pid)
    connections = []
    for index in range(count):
        sock = socket.create_connection((host, port))
        if index % 2:
            receive(sock, 18)  # NBDMAGIC, IHAVEOPT, handshake flags
            sock.sendall(struct.pack("!I", 3))  # client flags, then nothing
        connections.append(sock)
    taken(connections[0::2])  # the other half read their greeting above
    during = usage(pid)
    started = time.monotonic()
    status = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    seconds = time.monotonic() - started
    poller, by_fd = select.epoll(), {}
    for sock in connections:
        sock.setblocking(False)
        poller.register(sock.fileno(), select.EPOLLIN | select.EPOLLRDHUP)
        by_fd[sock.fileno()] = sock
    closed, deadline = set(), started + hold
    while len(closed) < count and time.monotonic() < deadline:
        for fd, events in poller.poll(0.5):
            try:
                while by_fd[fd].recv(65536):
                    pass
            except BlockingIOError:
                continue
            except ConnectionResetError:
                pass
            poller.unregister(fd)
            closed.add(fd)
    after = usage(pid)
    print(json.dumps({"command": status.returncode, "command_seconds": round(seconds, 2),
                      "stderr": status.stderr.decode(errors="replace")[-300:], "closed_by_server": len(closed),
                      "before": before, "during": during, "after": after}), flush=True)


def go(sock, export):
    magic, option_magic, _flags = struct.unpack("!8sQH", receive(sock, 18))
    assert magic == b"NBDMAGIC" and option_magic == IHAVEOPT
    sock.sendall(struct.pack("!I", 3))  # fixed newstyle, no zeroes
    name = export.encode()
    data = struct.pack("!I", len(name)) + name + struct.pack("!H", 0)
    sock.sendall(struct.pack("!QII", IHAVEOPT, OPT_GO, len(data)) + data)
    while True:
        magic, _option, kind, length = struct.unpack("!QIII", receive(sock, 20))
        assert magic == OPTION_REPLY
        receive(sock, length)
        if kind == REP_ACK:
            return
        if kind & 0x80000000:
            raise RuntimeError("NBD_OPT_GO refused: %#x" % kind)


def simple_reply(sock, handle):
    magic, error, got = struct.unpack("!IIQ", receive(sock, 16))
    assert magic == SIMPLE_REPLY and got == handle, (magic, got)
    return error


def rowrite(host, port, export, length):
    sock = socket.create_connection((host, port))
    sock.settimeout(10)
    go(sock, export)
    started = time.monotonic()
    sock.sendall(struct.pack("!IHHQQI", REQUEST, 0, CMD_WRITE, 1, 0, length))
    error = simple_reply(sock, 1)
    seconds = time.monotonic() - started
    chunk = bytes(1 << 20)
    for offset in range(0, length, len(chunk)):
        sock.sendall(chunk[:min(len(chunk), length - offset)])
    sock.sendall(struct.pack("!IHHQQI", REQUEST, 0, CMD_READ, 2, 0, 4096))
    read_error = simple_reply(sock, 2)
    data = receive(sock, 4096) if read_error == 0 else b""
    print(json.dumps({"write_error": error, "reply_seconds": round(seconds, 3), "read_error": read_error,
                      "read_bytes": len(data)}), flush=True)


if __name__ == "__main__":
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "idle":
        split = sys.argv.index("--")
        idle(host, port, int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), sys.argv[split + 1:])
    else:
        rowrite(host, port, sys.argv[4], int(sys.argv[5]))
