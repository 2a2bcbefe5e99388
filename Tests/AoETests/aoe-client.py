#!/usr/bin/env python3
"""A hand-made AoE initiator for the tests (AoEr11), on an AF_PACKET raw socket in promiscuous mode, so it can speak
as several clients (source MACs) on one interface. Commands (one per line on stdin, answers on stdout;
`discover` first, the others go to the target it found):
  discover                      broadcast config query: "target SHELF.SLOT MAC SECTORS_PER_FRAME BUFFERS STRING"
  identify                      IDENTIFY DEVICE: "sectors N lba48 0|1 status S"
  read LBA COUNT                READ SECTORS EXT: "status S error E sha256 H" (of the data)
  readall SECTORS PER           the first SECTORS sectors, PER per frame, 16 in flight: "sha256 H retries N"
  write LBA                     WRITE SECTORS EXT of one sector: "status S error E"
  raw HEX                       a hand-made AoE frame (header onwards) to the target: "reply HEX" or "none"
  flood N                       N broadcast config queries from N random MACs, no waiting: "sent N"
  as MAC                        the source MAC of the commands that follow (default: the interface's)
"""
import hashlib, os, random, select, socket, struct, sys, time

ETH_P_AOE = 0x88A2
iface = sys.argv[1]
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_AOE))
sock.bind((iface, ETH_P_AOE))
# PACKET_ADD_MEMBERSHIP, PACKET_MR_PROMISC: see replies to the MACs we make up.
mreq = struct.pack("iHH8s", socket.if_nametoindex(iface), 1, 0, b"")
sock.setsockopt(263, 1, mreq)
own = sock.getsockname()[4]
source = own
tag = random.randrange(1 << 31)
target = None  # (mac, shelf, slot)


def mac_bytes(text):
    return bytes(int(part, 16) for part in text.split(":"))


def mac_text(raw):
    return ":".join(f"{b:02x}" for b in raw)


def next_tag():
    global tag
    tag = (tag + 1) & 0x7FFFFFFF
    return tag


def header(shelf, slot, command, t, version=1):
    return struct.pack(">BBHBBI", version << 4, 0, shelf, slot, command, t)


def send(dst, payload, src=None):
    sock.send(dst + (src or source) + struct.pack(">H", ETH_P_AOE) + payload)


def receive(want_tag, timeout=2.0, to=None):
    """The AoE payload of the response with `want_tag` addressed to `to` (our source MAC)."""
    deadline = time.time() + timeout
    while True:
        left = deadline - time.time()
        if left <= 0:
            return None
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            return None
        frame = sock.recv(65536)
        if len(frame) < 24 or frame[0:6] != (to or source):
            continue
        payload = frame[14:]
        if payload[0] & 0x08 and struct.unpack(">I", payload[6:10])[0] == want_tag:
            return frame[6:12], payload


def request(dst, make, tries=8):
    """Sends make(tag) to dst until the response with that tag comes (an initiator retransmits: the first frames on
    a new bridge port can be lost)."""
    for _ in range(tries):
        t = next_tag()
        send(dst, make(t))
        answer = receive(t, timeout=1.0)
        if answer is not None:
            return answer
    return None


def ata(mac, command, lba, count, data=b"", flags=0x40):
    shelf, slot = target[1], target[2]
    args = struct.pack("<BBBB", flags, 0, count, command) + lba.to_bytes(6, "little") + b"\0\0"
    answer = request(mac, lambda t: header(shelf, slot, 0, t) + args + data)
    if answer is None:
        return None
    payload = answer[1]
    return payload[13], payload[11], payload[22:]


for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    command = words[0]
    if command == "as":
        source = mac_bytes(words[1])
        print("ok", flush=True)
    elif command == "discover":
        answer = request(b"\xff" * 6, lambda t: header(0xFFFF, 0xFF, 1, t) + bytes(8))
        if answer is None:
            print("none", flush=True)
            continue
        mac, payload = answer
        shelf, slot = struct.unpack(">HB", payload[2:5])
        buffers, _, per, _, length = struct.unpack(">HHBBH", payload[10:18])
        target = (mac, shelf, slot)
        print(f"target {shelf}.{slot} {mac_text(mac)} {per} {buffers} {payload[18:18 + length].decode()}", flush=True)
    elif command == "identify":
        status, error, data = ata(target[0], 0xEC, 0, 1)
        words16 = struct.unpack("<256H", data[:512])
        sectors = sum(words16[100 + i] << (16 * i) for i in range(4))
        print(f"sectors {sectors} lba48 {1 if words16[83] & 0x400 else 0} status {status}", flush=True)
    elif command == "read":
        result = ata(target[0], 0x24, int(words[1]), int(words[2]))
        if result is None:
            print("none", flush=True)
            continue
        status, error, data = result
        print(f"status {status} error {error} sha256 {hashlib.sha256(data).hexdigest()}", flush=True)
    elif command == "write":
        result = ata(target[0], 0x34, int(words[1]), 1, data=bytes(512), flags=0x41)
        print("none" if result is None else f"status {result[0]} error {result[1]}", flush=True)
    elif command == "readall":
        total, per = int(words[1]), int(words[2])
        shelf, slot = target[1], target[2]
        pending = {}  # tag -> lba
        chunks = {}
        next_lba = 0
        retries = 0
        while next_lba < total or pending:
            while next_lba < total and len(pending) < 16:
                count = min(per, total - next_lba)
                t = next_tag()
                args = struct.pack("<BBBB", 0x40, 0, count, 0x24) + next_lba.to_bytes(6, "little") + b"\0\0"
                send(target[0], header(shelf, slot, 0, t) + args)
                pending[t] = (next_lba, count, args, time.time())
                next_lba += count
            ready, _, _ = select.select([sock], [], [], 0.5)
            if ready:
                frame = sock.recv(65536)
                payload = frame[14:]
                if frame[0:6] == source and len(payload) >= 22 and payload[0] & 0x08:
                    t = struct.unpack(">I", payload[6:10])[0]
                    if t in pending and payload[13] == 0x40:
                        chunks[pending.pop(t)[0]] = payload[22:]
            for t, (lba, count, args, sent) in list(pending.items()):
                if time.time() - sent > 1.0:  # lost: ask again under a new tag
                    retries += 1
                    del pending[t]
                    t2 = next_tag()
                    send(target[0], header(shelf, slot, 0, t2) + args)
                    pending[t2] = (lba, count, args, time.time())
        digest = hashlib.sha256(b"".join(chunks[lba] for lba in sorted(chunks))).hexdigest()
        print(f"sha256 {digest} retries {retries}", flush=True)
    elif command == "raw":
        payload = bytes.fromhex(words[1])
        t = struct.unpack(">I", payload[6:10])[0] if len(payload) >= 10 else -1
        send(target[0], payload)
        answer = receive(t, timeout=1.0)
        print("none" if answer is None else f"reply {answer[1].hex()}", flush=True)
    elif command == "flood":
        count = int(words[1])
        for _ in range(count):
            fake = bytes([0x02]) + os.urandom(5)
            send(b"\xff" * 6, header(0xFFFF, 0xFF, 1, next_tag()) + bytes(8), src=fake)
        print(f"sent {count}", flush=True)
    else:
        print(f"unknown command {command}", flush=True)
