import Foundation

/// The raw DHCP test client (Python 3, plain sockets), kept in Swift so the test target needs no resource entry.
///
/// It sees every answer on the segment (several servers, proxy offers with yiaddr 0), and it can be many clients at
/// once with distinct `chaddr` values, which no stock client can. ``write(to:)`` puts it in a scratch directory.
enum DHCPRawClient {
    static func write(to directory: String) throws -> String {
        let path = directory + "/dhcp_raw_client.py"
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let source = #"""
        #!/usr/bin/python3
        """A small DHCP client for tests, plain sockets only: it sees every answer, and can act as many clients at once.

        One UDP socket on 0.0.0.0:68 tied to the interface (SO_BINDTODEVICE); requests ask for broadcast replies
        (flags 0x8000), so no address is needed on the interface.

          offers  IFACE MAC [--vendor-class V] [--arch N] [--wait S]    DISCOVER, print every OFFER as a JSON line
          request IFACE MAC SERVER ADDRESS [--wait S]                   REQUEST in SELECTING, print every answer
          pxe     IFACE MAC SERVER [--vendor-class V] [--arch N]        REQUEST to SERVER:4011 (needs an address), print it
          load    IFACE --count N --acked FILE [--window W]             DORA for N new MACs; one 'MAC ADDRESS' line per ACK
          verify  IFACE --acked FILE [--new N]                          INIT-REBOOT for each line, then DISCOVER from N new MACs
          flood   IFACE --seconds S [--discovers --rate PPS]            raw Ethernet frames to port 67 as fast as it can: random
                                                                        bytes, truncated and garbled DISCOVERs; with
                                                                        --discovers, well-formed DISCOVERs from 4,096 random
                                                                        MACs at PPS; prints {"sent": N, "seconds": S}
        """
        import json
        import os
        import random
        import select
        import socket
        import struct
        import sys
        import time

        SO_BINDTODEVICE = 25
        COOKIE = b"\x63\x82\x53\x63"
        DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE = 1, 2, 3, 4, 5, 6, 7
        NAMES = {1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 5: "ACK", 6: "NAK"}


        def mac_bytes(text):
            return bytes(int(part, 16) for part in text.split(":"))


        def mac_text(raw):
            return ":".join("%02x" % b for b in raw)


        def packet(kind, mac, xid, ciaddr="0.0.0.0", requested=None, server=None, vendor_class=None, arch=None):
            header = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, socket.inet_aton(ciaddr),
                                 bytes(4), bytes(4), bytes(4), mac + bytes(10), bytes(64), bytes(128))
            options = bytes([53, 1, kind, 55, 6, 1, 3, 6, 12, 15, 67])
            if requested:
                options += bytes([50, 4]) + socket.inet_aton(requested)
            if server:
                options += bytes([54, 4]) + socket.inet_aton(server)
            if vendor_class:
                options += bytes([60, len(vendor_class)]) + vendor_class.encode()
            if arch is not None:
                options += bytes([93, 2, arch >> 8, arch & 0xFF, 94, 3, 1, 2, 1, 97, 17, 0]) + bytes(range(16))
            return header + COOKIE + options + b"\xff"


        def parse(data):
            if len(data) < 240 or data[0] != 2 or data[236:240] != COOKIE:
                return None
            xid, = struct.unpack("!I", data[4:8])
            reply = {"xid": xid, "chaddr": mac_text(data[28:34]), "yiaddr": socket.inet_ntoa(data[16:20]),
                     "siaddr": socket.inet_ntoa(data[20:24]), "file": data[108:236].split(b"\0")[0].decode(errors="replace"),
                     "options": {}}
            i = 240
            while i < len(data) and data[i] != 255:
                if data[i] == 0:
                    i += 1
                    continue
                if i + 1 >= len(data):
                    break
                code, length = data[i], data[i + 1]
                reply["options"][str(code)] = data[i + 2:i + 2 + length].hex()
                i += 2 + length
            kind = bytes.fromhex(reply["options"].get("53", "00"))[0]
            reply["type"] = NAMES.get(kind, str(kind))
            if "54" in reply["options"]:
                reply["server"] = socket.inet_ntoa(bytes.fromhex(reply["options"]["54"]))
            if "60" in reply["options"]:
                reply["vendor_class"] = bytes.fromhex(reply["options"]["60"]).decode(errors="replace")
            return reply


        def open_socket(iface, port=68):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, iface.encode())
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            s.bind(("0.0.0.0", port))
            return s


        def collect(s, xid, wait):
            """Every reply with this xid until `wait` seconds have passed."""
            replies, deadline = [], time.time() + wait
            while True:
                left = deadline - time.time()
                if left <= 0 or not select.select([s], [], [], left)[0]:
                    return replies
                reply = parse(s.recv(2048))
                if reply and reply["xid"] == xid:
                    replies.append(reply)


        def option(args, name, default=None, convert=str):
            if name in args:
                return convert(args[args.index(name) + 1])
            return default


        def run_windowed(s, jobs, window, retries, timeout, on_reply):
            """Runs jobs (xid -> [next packet, destination]) with `window` outstanding; on_reply(xid, reply) returns the next
            packet and destination for that xid, or None when its exchange is done."""
            pending = list(jobs.keys())
            outstanding = {}  # xid -> (deadline, tries)
            while pending or outstanding:
                while pending and len(outstanding) < window:
                    xid = pending.pop()
                    s.sendto(jobs[xid][0], jobs[xid][1])
                    outstanding[xid] = (time.time() + timeout, 1)
                now = time.time()
                for xid, (deadline, tries) in list(outstanding.items()):
                    if deadline <= now:
                        if tries > retries:
                            del outstanding[xid]
                            on_reply(xid, None)
                        else:
                            s.sendto(jobs[xid][0], jobs[xid][1])
                            outstanding[xid] = (now + timeout, tries + 1)
                if select.select([s], [], [], 0.05)[0]:
                    while True:
                        try:
                            data = s.recv(2048, socket.MSG_DONTWAIT)
                        except BlockingIOError:
                            break
                        reply = parse(data)
                        if not reply or reply["xid"] not in outstanding:
                            continue
                        following = on_reply(reply["xid"], reply)
                        if following is None:
                            del outstanding[reply["xid"]]
                        else:
                            jobs[reply["xid"]] = following
                            s.sendto(following[0], following[1])
                            outstanding[reply["xid"]] = (time.time() + timeout, 1)


        def new_macs(count, seed):
            rng = random.Random(seed)
            return [bytes([0x02, 0x67] + [rng.randrange(256) for _ in range(4)]) for _ in range(count)]


        BROADCAST = ("255.255.255.255", 67)


        def checksum(header):
            total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
            while total >> 16:
                total = (total & 0xFFFF) + (total >> 16)
            return ~total & 0xFFFF


        def frame(payload, source_mac):
            udp = struct.pack("!HHHH", 68, 67, 8 + len(payload), 0) + payload
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), random.randrange(1 << 16), 0, 64, 17, 0,
                             bytes(4), b"\xff\xff\xff\xff")
            ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
            return b"\xff" * 6 + source_mac + b"\x08\x00" + ip + udp


        def hostile_payload(rng, discovers):
            mac = bytes([0x02] + [rng.randrange(256) for _ in range(5)])
            discover = packet(DISCOVER, mac, rng.randrange(1, 1 << 32))
            kind = 4 if discovers else rng.randrange(4)
            if kind == 0:
                return mac, bytes(rng.randrange(256) for _ in range(rng.randrange(0, 600)))
            if kind == 1:
                return mac, discover[:rng.randrange(0, len(discover))]
            if kind == 2:
                return mac, discover[:240] + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
            if kind == 3:
                return mac, discover[:240] + bytes([53, 1, 1, rng.randrange(256), 255]) + bytes(rng.randrange(0, 8))
            return mac, discover


        def flood(iface, seconds, discovers, rate):
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind((iface, 0))
            rng = random.Random(7)
            frames = [frame(payload, mac) for mac, payload in (hostile_payload(rng, discovers) for _ in range(4096))]
            sent, start = 0, time.time()
            while time.time() - start < seconds:
                for one in frames[sent % 4096:sent % 4096 + 256]:
                    try:
                        s.send(one)
                    except OSError:
                        pass
                sent += 256
                if rate:
                    time.sleep(max(0.0, start + sent / rate - time.time()))
            return {"sent": sent, "seconds": round(time.time() - start, 2)}


        def main(argv):
            mode, args = argv[1], argv[2:]
            iface = args[0]
            if mode in ("offers", "request"):
                s = open_socket(iface)
                mac, xid = mac_bytes(args[1]), random.randrange(1, 1 << 32)
                vendor, arch = option(args, "--vendor-class"), option(args, "--arch", None, int)
                if mode == "offers":
                    s.sendto(packet(DISCOVER, mac, xid, vendor_class=vendor, arch=arch), BROADCAST)
                else:
                    s.sendto(packet(REQUEST, mac, xid, requested=args[3], server=args[2], vendor_class=vendor, arch=arch),
                             BROADCAST)
                for reply in collect(s, xid, option(args, "--wait", 2.0, float)):
                    print(json.dumps(reply), flush=True)
            elif mode == "pxe":
                s = open_socket(iface)
                mac, xid = mac_bytes(args[1]), random.randrange(1, 1 << 32)
                vendor, arch = option(args, "--vendor-class", "PXEClient:Arch:00000:UNDI:002001"), option(args, "--arch", 0, int)
                s.sendto(packet(REQUEST, mac, xid, ciaddr=option(args, "--ciaddr", "0.0.0.0"), vendor_class=vendor, arch=arch),
                         (args[2], 4011))
                for reply in collect(s, xid, option(args, "--wait", 2.0, float)):
                    print(json.dumps(reply), flush=True)
            elif mode == "load":
                s = open_socket(iface)
                count, window = option(args, "--count", 1000, int), option(args, "--window", 64, int)
                acked_file = open(option(args, "--acked"), "a", buffering=1)
                macs = new_macs(count, option(args, "--seed", 1, int))
                jobs, mac_of, stats = {}, {}, {"acks": 0, "naks": 0, "lost": 0}
                for index, mac in enumerate(macs):
                    xid = 0x10000000 + index
                    jobs[xid], mac_of[xid] = (packet(DISCOVER, mac, xid), BROADCAST), mac

                def on_reply(xid, reply):
                    if reply is None:
                        stats["lost"] += 1
                        return None
                    if reply["type"] == "OFFER":
                        return (packet(REQUEST, mac_of[xid], xid, requested=reply["yiaddr"], server=reply.get("server")),
                                BROADCAST)
                    if reply["type"] == "ACK":
                        # Written and flushed before anything else: the test reads this file after a SIGKILL of the server.
                        acked_file.write("%s %s\n" % (mac_text(mac_of[xid]), reply["yiaddr"]))
                        stats["acks"] += 1
                    elif reply["type"] == "NAK":
                        stats["naks"] += 1
                    return None

                start = time.time()
                run_windowed(s, jobs, window, option(args, "--retries", 1, int), option(args, "--timeout", 1.0, float),
                             on_reply)
                stats["seconds"] = round(time.time() - start, 2)
                print(json.dumps(stats), flush=True)
            elif mode == "verify":
                s = open_socket(iface)
                acked = [line.split() for line in open(option(args, "--acked")) if len(line.split()) == 2]
                jobs, expect, result = {}, {}, {"acked": len(acked), "ack": 0, "nak": [], "unanswered": [], "new_offers": []}
                for index, (mac, address) in enumerate(acked):
                    xid = 0x20000000 + index
                    # RFC 2131 §4.3.2 INIT-REBOOT: requested address, no server identifier, ciaddr 0.
                    jobs[xid], expect[xid] = (packet(REQUEST, mac_bytes(mac), xid, requested=address), BROADCAST), (mac, address)

                def on_verify(xid, reply):
                    if reply is None:
                        result["unanswered"].append(expect[xid])
                    elif reply["type"] == "ACK" and reply["yiaddr"] == expect[xid][1]:
                        result["ack"] += 1
                    else:
                        result["nak"].append(list(expect[xid]) + [reply["type"], reply["yiaddr"]])
                    return None

                run_windowed(s, jobs, option(args, "--window", 64, int), 3, 1.0, on_verify)
                new_jobs = {}
                for index, mac in enumerate(new_macs(option(args, "--new", 0, int), 99)):
                    xid = 0x30000000 + index
                    new_jobs[xid] = (packet(DISCOVER, mac, xid), BROADCAST)

                def on_offer(xid, reply):
                    if reply is not None:
                        result["new_offers"].append(reply["yiaddr"])
                    return None

                run_windowed(s, new_jobs, option(args, "--window", 64, int), 3, 1.0, on_offer)
                print(json.dumps(result), flush=True)
            elif mode == "flood":
                print(json.dumps(flood(iface, option(args, "--seconds", 5.0, float), "--discovers" in args,
                                       option(args, "--rate", 0.0, float))), flush=True)
            else:
                print(__doc__, file=sys.stderr)
                return 2
            return 0


        if __name__ == "__main__":
            sys.exit(main(sys.argv))
        """#
}
