#!/usr/bin/env python3
"""Raw TFTP client for the tests: sends what real clients cannot (hostile names) and runs many transfers at once.

  tftp_probe.py refuse HOST PORT HEXNAME...   one RRQ per name; prints "HEXNAME OPCODE CODE" per reply
  tftp_probe.py swarm HOST PORT FILE COUNT BLKSIZE   COUNT concurrent lock-step RRQs; prints "ok N BYTES" or errors
"""
import select, socket, struct, sys, time


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


if __name__ == "__main__":
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "refuse":
        refuse(host, port, sys.argv[4:])
    else:
        swarm(host, port, sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
