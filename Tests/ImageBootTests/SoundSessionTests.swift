import Foundation
import Testing
import TestSupport

/// The session on the server plays through the thin client's sound card: qemu records the guest's intel-hda card
/// to a WAV file, the session's `PULSE_SERVER` points at the client's PulseAudio, `paplay` there plays a 1 kHz
/// tone, and the tone is found in the recorded samples; after a logout and a new login the new session's tone is
/// found too; after the client's PulseAudio is killed (from a shell on its serial console) and started again by
/// ltsp-client, a 2 kHz tone is found. A PulseAudio client from an address that is not a server is refused.
@Suite(.serialized)
struct SoundSessionTests {
    static let toneHertz = 1000.0

    /// A 16-bit mono WAV of `seconds` of a sine at `hertz`.
    static func writeTone(to path: String, hertz: Double, seconds: Double, rate: Int = 44100) throws {
        let count = Int(Double(rate) * seconds)
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + count * 2))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(UInt32(rate)); append(UInt32(rate * 2)); append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(count * 2))
        for index in 0..<count {
            append(Int16(12000 * sin(2 * Double.pi * hertz * Double(index) / Double(rate))))
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The loudest half second of the first channel of a 16-bit PCM WAV from `startByte` on (qemu's header is 44
    /// bytes; its size fields are only filled in when qemu exits), and the frequency with the most energy there
    /// (Goertzel, 50 Hz steps from 100 Hz to 5 kHz). Nil while that part holds no sound.
    static func dominantFrequency(_ path: String, from startByte: Int = 44) -> Double? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)), data.count > 44 else { return nil }
        let channels = Int(data[22]) | Int(data[23]) << 8
        let rate = Int(data[24]) | Int(data[25]) << 8 | Int(data[26]) << 16 | Int(data[27]) << 24
        guard channels > 0, rate > 0 else { return nil }
        let first = max(44, startByte)
        guard data.count > first else { return nil }
        let frames = (data.count - first) / (2 * channels)
        var samples = [Double](repeating: 0, count: frames)
        data.withUnsafeBytes { bytes in
            for frame in 0..<frames {
                let offset = first + frame * 2 * channels
                samples[frame] = Double(Int16(bitPattern: UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8))
            }
        }
        let window = rate / 2
        guard frames >= window else { return nil }
        var best = (start: 0, energy: 0.0)
        for start in stride(from: 0, through: frames - window, by: window / 2) {
            let energy = samples[start..<start + window].reduce(0) { $0 + $1 * $1 }
            if energy > best.energy { best = (start, energy) }
        }
        guard best.energy / Double(window) > 1000 else { return nil }
        let slice = Array(samples[best.start..<best.start + window])
        var loudest = (hertz: 0.0, power: 0.0)
        for hertz in stride(from: 100.0, through: 5000.0, by: 50.0) {
            let coefficient = 2 * cos(2 * Double.pi * hertz / Double(rate))
            var (previous, beforePrevious) = (0.0, 0.0)
            for sample in slice {
                let current = sample + coefficient * previous - beforePrevious
                beforePrevious = previous
                previous = current
            }
            let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
            if power > loudest.power { loudest = (hertz, power) }
        }
        return loudest.hertz
    }

    @Test func theSessionsToneIsRecordedFromTheClientsSoundCard() throws {
        let desktop = try DesktopSessionTests().desktop("sound", loads: [0])
        try RequiredTool.require(["paplay", "pactl"])
        let site = desktop.sites[0]
        let alice = DesktopSessionTests.alice
        // SCREEN_01 is a root shell on the serial console (the kernel console): the test kills PulseAudio from it.
        try desktop.writeLTSConf([
            "SCREEN_01": "shell", "SCREEN_07": "ldm",
            "SOUND": "True", "VOLUME": "100", "PCM_VOLUME": "100", "LDM_AUTOLOGIN": "True",
            "LDM_USERNAME": alice.name, "LDM_PASSWORD": alice.password,
            "LDM_SESSION": site.sessionScript,
        ])
        let wav = desktop.pxe.root.path + "/speakers.wav"
        let vm = try desktop.pxe.bootClient(
            memoryMiB: DesktopSessionTests.memoryMiB,
            devices: [
                "-audiodev", "wav,id=speakers,path=\(wav)", "-device", "intel-hda", "-device",
                "hda-duplex,audiodev=speakers",
            ])
        let ready = try desktop.pxe.waitForReady(vm)
        try vm.waitFor("sound: PulseAudio on port 4713", timeout: 60)
        try vm.waitFor("ldm: logged in: \(alice.name)@192.168.67.1", timeout: 300)
        let session = try site.waitForSession(of: alice, timeout: 120)
        let server = try #require(session.environment["PULSE_SERVER"], "\(session.environment)")
        #expect(server == "tcp:\(ready.address):4713")

        // PulseAudio starts after the screens; wait until it answers the server.
        try waitUntil(timeout: 120) {
            try site.namespace.exec(["pactl", "-s", server, "info"], check: false).succeeded
        }
        let tone = desktop.pxe.root.path + "/tone.wav"
        try Self.writeTone(to: tone, hertz: Self.toneHertz, seconds: 3)
        let played = try site.namespace.exec(["paplay", "-s", server, tone], check: false)
        #expect(played.succeeded, "\(played.stderr)")
        var heard: Double?
        try waitUntil(timeout: 60) {
            heard = Self.dominantFrequency(wav)
            return heard.map { abs($0 - Self.toneHertz) <= 50 } ?? false
        }
        print("sound: the client's card played \(heard ?? 0) Hz")

        // Logout (the session ends) and a new login (autologin): the new session plays too, a 1.5 kHz tone.
        let recorded = ((try? FileManager.default.attributesOfItem(atPath: wav)[.size]) as? Int) ?? 0
        kill(session.pid, SIGTERM)
        try vm.waitFor("ldm: logged in: \(alice.name)@192.168.67.1", after: "ldm: logout: \(alice.name)", timeout: 300)
        let again = try site.waitForSession(of: alice, timeout: 120)
        #expect(again.pid != session.pid && again.environment["PULSE_SERVER"] == server)
        let second = desktop.pxe.root.path + "/tone2.wav"
        try Self.writeTone(to: second, hertz: 1500, seconds: 3)
        #expect(try site.namespace.exec(["paplay", "-s", server, second], check: false).succeeded)
        try waitUntil(timeout: 60) {
            heard = Self.dominantFrequency(wav, from: recorded)
            return heard.map { abs($0 - 1500) <= 50 } ?? false
        }
        print("sound: after a new login, \(heard ?? 0) Hz")

        // The client's PulseAudio dies (SIGKILL, as a crash would end it): ltsp-client says so and starts it again, and
        // the session's sound plays on (2 kHz).
        try vm.type(
            "echo PA-BEFORE-$(pgrep -x pulseaudio); pkill -KILL -x pulseaudio; for i in $(seq 30); do sleep 1; "
                + "p=$(pgrep -x pulseaudio) && break; done; echo PA-AFTER-$p\n"
        )
        let before = try vm.waitForLine(matching: #"PA-BEFORE-\d+"#, timeout: 60)
        let after = try vm.waitForLine(matching: #"PA-AFTER-\d+"#, timeout: 60)
        func pid(_ line: String) -> String? { line.firstMatch(of: #/PA-(?:BEFORE|AFTER)-(\d+)/#).map { String($0.1) } }
        #expect(pid(before) != nil && pid(after) != nil && pid(before) != pid(after), "\(before) / \(after)")
        #expect(vm.output.contains("PulseAudio was killed by signal 9; starting it again"))
        try waitUntil(timeout: 120) {
            try site.namespace.exec(["pactl", "-s", server, "info"], check: false).succeeded
        }
        let beforeThird = ((try? FileManager.default.attributesOfItem(atPath: wav)[.size]) as? Int) ?? 0
        let third = desktop.pxe.root.path + "/tone3.wav"
        try Self.writeTone(to: third, hertz: 2000, seconds: 3)
        #expect(try site.namespace.exec(["paplay", "-s", server, third], check: false).succeeded)
        try waitUntil(timeout: 60) {
            heard = Self.dominantFrequency(wav, from: beforeThird)
            return heard.map { abs($0 - 2000) <= 50 } ?? false
        }
        print(
            "sound: after the client's PulseAudio restarted (pid \(pid(before) ?? "?") to \(pid(after) ?? "?")), "
                + "\(heard ?? 0) Hz")

        // A PulseAudio client on the clients' segment that is not a login server is refused.
        try desktop.pxe.lab.client.exec(["ip", "addr", "add", "192.168.67.98/24", "dev", "br0"])
        let stranger = try desktop.pxe.lab.client.exec(["pactl", "-s", server, "info"], check: false)
        #expect(!stranger.succeeded, "a stranger reached the client's PulseAudio: \(stranger.stdout)")
    }
}
