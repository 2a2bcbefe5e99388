#!/usr/bin/env python3
"""Raw TFTP client for the tests: sends what real clients cannot (hostile names) and runs many transfers at once.

  tftp_probe.py refuse HOST PORT HEXNAME...   one RRQ per name; prints "HEXNAME OPCODE CODE" per reply
  tftp_probe.py swarm HOST PORT FILE COUNT BLKSIZE   COUNT concurrent lock-step RRQs; prints "ok N BYTES" or errors
  tftp_probe.py names HOST PORT HEXNAME...    reads each name to the end; prints "HEXNAME data SHA256" or
                                              "HEXNAME error CODE" or "HEXNAME timeout"
  tftp_probe.py race HOST PORT NAME COUNT DIR LINK   reads NAME COUNT times while a child process swaps DIR and LINK
                                              with renameat2(RENAME_EXCHANGE); prints "SHA256 N" / "error N" lines
  tftp_probe.py silent HOST PORT NAME COUNT PID HOLD SOURCES -- COMMAND...   COUNT RRQs from SOURCES (comma list of
                                              local IPs) that are never acknowledged; runs COMMAND during the flood and
                                              prints one JSON line: the replies, COMMAND's status, and PID's threads,
                                              descriptors and RSS before, during and HOLD seconds later
"""
import ctypes, hashlib, json, os, resource, select, socket, struct, subprocess, sys, time


def rrq(name, options=()):
    packet = b"\x00\x01" + name + b"\x00octet\x00"
    for key, value in options:
        packet += key.encode() + b"\x00" + str(value).encode() + b"\x00"
    return packet


def refuse(host, port, names):
    for hexname in names:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.settimeout(2)
        sock.sendto(rrq(bytes.fromhex(hexname)), (host, port))
        try:
            data, _ = sock.recvfrom(70000)
            opcode = struct.unpack("!H", data[:2])[0]
            code = struct.unpack("!H", data[2:4])[0] if len(data) >= 4 else -1
            print(hexname, opcode, code, flush=True)
        except socket.timeout:
            print(hexname, "timeout", -1, flush=True)
        sock.close()


def swarm(host, port, name, count, blksize):
    transfers = {}
    poller = select.epoll()
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        sock.setblocking(False)
        sock.sendto(rrq(name.encode(), [("blksize", blksize)]), (host, port))
        transfers[sock.fileno()] = {"sock": sock, "bytes": 0, "next": 1, "done": False}
        poller.register(sock.fileno(), select.EPOLLIN)
    deadline = time.monotonic() + 300
    remaining = count
    while remaining and time.monotonic() < deadline:
        for fd, _ in poller.poll(1.0):
            t = transfers[fd]
            data, peer = t["sock"].recvfrom(70000)
            opcode = struct.unpack("!H", data[:2])[0]
            if opcode == 6:  # OACK: acknowledge block 0
                t["sock"].sendto(b"\x00\x04\x00\x00", peer)
            elif opcode == 3:
                block = struct.unpack("!H", data[2:4])[0]
                if block == t["next"] & 0xFFFF:
                    t["bytes"] += len(data) - 4
                    t["next"] += 1
                t["sock"].sendto(b"\x00\x04" + data[2:4], peer)
                if len(data) - 4 < blksize and not t["done"]:
                    t["done"] = True
                    remaining -= 1
                    poller.unregister(fd)
            else:
                print("error", data[4:-1].decode(errors="replace"), flush=True)
                t["done"] = True
                remaining -= 1
                poller.unregister(fd)
    sizes = sorted({t["bytes"] for t in transfers.values() if t["done"]})
    finished = sum(1 for t in transfers.values() if t["done"])
    print("ok" if remaining == 0 else "incomplete", finished, " ".join(map(str, sizes)), flush=True)


def read_to_end(sock, host, port, name, limit=1 << 22):
    """One lock-step read with default options; ("data", bytes), ("error", code) or ("timeout", None)."""
    sock.sendto(rrq(name), (host, port))
    content, expected = b"", 1
    while True:
        try:
            data, peer = sock.recvfrom(70000)
        except socket.timeout:
            return ("timeout", None)
        opcode = struct.unpack("!H", data[:2])[0]
        if opcode == 5:
            return ("error", struct.unpack("!H", data[2:4])[0] if len(data) >= 4 else -1)
        if opcode != 3:
            return ("error", -opcode)
        block = struct.unpack("!H", data[2:4])[0]
        if block == expected & 0xFFFF:
            content += data[4:]
            expected += 1
        sock.sendto(b"\x00\x04" + data[2:4], peer)
        if len(data) - 4 < 512 or len(content) > limit:
            return ("data", content)


def fresh_socket():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(2)
    return sock


def names(host, port, hexnames):
    for hexname in hexnames:
        with fresh_socket() as sock:
            kind, value = read_to_end(sock, host, port, bytes.fromhex(hexname))
        detail = hashlib.sha256(value).hexdigest() if kind == "data" else value
        print(hexname, kind, detail, flush=True)


def swapper(first, second):
    """Exchanges two paths as fast as it can until killed."""
    libc = ctypes.CDLL(None, use_errno=True)
    at_fdcwd, rename_exchange = -100, 2
    a, b = first.encode(), second.encode()
    while True:
        libc.renameat2(at_fdcwd, a, at_fdcwd, b, rename_exchange)


def race(host, port, name, count, first, second):
    child = os.fork()
    if child == 0:
        swapper(first, second)
        os._exit(0)
    counts = {}
    try:
        for _ in range(count):
            with fresh_socket() as sock:
                kind, value = read_to_end(sock, host, port, name.encode())
            key = hashlib.sha256(value).hexdigest() if kind == "data" else kind
            counts[key] = counts.get(key, 0) + 1
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
    for key, value in sorted(counts.items()):
        print(key, value, flush=True)


def usage(pid):
    status = open(f"/proc/{pid}/status").read().split("\n")
    fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {"threads": int(fields["Threads"]), "fds": len(os.listdir(f"/proc/{pid}/fd")),
            "rss_kib": int(fields["VmRSS"].split()[0])}


def silent(host, port, name, count, pid, hold, sources, command):
    resource.setrlimit(resource.RLIMIT_NOFILE, (count + 1024, count + 1024))
    before = usage(pid)
    sockets = []
    for index in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((sources[index % len(sources)], 0))
        sock.setblocking(False)
        sock.sendto(rrq(name.encode()), (host, port))
        sockets.append(sock)
    replies = {"data": 0, "busy": 0, "other": 0, "none": 0}
    deadline = time.monotonic() + 2
    pending = set(range(count))
    while pending and time.monotonic() < deadline:
        for index in list(pending):
            try:
                data, _ = sockets[index].recvfrom(70000)
            except BlockingIOError:
                continue
            pending.discard(index)
            opcode = struct.unpack("!H", data[:2])[0]
            if opcode in (3, 6):
                replies["data"] += 1
            elif opcode == 5 and b"busy" in data:
                replies["busy"] += 1
            else:
                replies["other"] += 1
        time.sleep(0.01)
    replies["none"] = len(pending)
    during = usage(pid)
    started = time.monotonic()
    status = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    command_seconds = time.monotonic() - started
    time.sleep(max(0.0, hold - (time.monotonic() - deadline)))
    after = usage(pid)
    print(json.dumps({"replies": replies, "command": status.returncode, "command_seconds": round(command_seconds, 2),
                      "stderr": status.stderr.decode(errors="replace")[-300:],
                      "before": before, "during": during, "after": after}), flush=True)
    for sock in sockets:
        sock.close()


if __name__ == "__main__":
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "refuse":
        refuse(host, port, sys.argv[4:])
    elif mode == "names":
        names(host, port, sys.argv[4:])
    elif mode == "race":
        race(host, port, sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7])
    elif mode == "silent":
        split = sys.argv.index("--")
        silent(host, port, sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]),
               sys.argv[8].split(","), sys.argv[split + 1:])
    else:
        swarm(host, port, sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
