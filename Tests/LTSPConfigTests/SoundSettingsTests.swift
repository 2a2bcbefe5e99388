import LTSPConfig
import NetworkValues
import Testing

/// lts.conf's SOUND, VOLUME and <CHANNEL>_VOLUME, and the client's PulseAudio set-up they make.
struct SoundSettingsTests {
    static func settings(_ values: [String: String], installed: Bool = true) -> SoundSettings {
        SoundSettings({ values[$0] }, pulseaudioInstalled: installed)
    }

    @Test func onByDefaultWhenTheImageHasPulseAudio() {
        #expect(Self.settings([:]).enabled)
        #expect(!Self.settings([:], installed: false).enabled)
        for off in ["False", "no", "N", "0", "off"] { #expect(!Self.settings(["SOUND": off]).enabled, "\(off)") }
        #expect(Self.settings(["SOUND": "True"]).enabled)
    }

    @Test func volumesGoToTheirMixerControls() {
        let sound = Self.settings(["VOLUME": "80", "PCM_VOLUME": "100%", "MIC_VOLUME": "loud", "CD_VOLUME": "101"])
        #expect(
            sound.volumes == [
                SoundSettings.Volume(control: "Master", percent: 80),
                SoundSettings.Volume(control: "PCM", percent: 100),
            ])
        #expect(sound.problems == ["MIC_VOLUME=loud: expected 0-100", "CD_VOLUME=101: expected 0-100"])
    }

    @Test func tcpIsOpenToTheServersOnlyAndPulseAudioNeverExits() {
        let script = SoundSettings.script(servers: [IPv4Address("192.168.67.2")!, IPv4Address("192.168.67.1")!])
        #expect(
            script.contains("module-native-protocol-tcp port=4713 auth-ip-acl=127.0.0.1;192.168.67.1;192.168.67.2\n"))
        #expect(!script.contains("auth-anonymous"))
        let command = SoundSettings.command(script: "/run/ltsp/pulse.pa")
        #expect(command.first == "/usr/bin/pulseaudio")
        #expect(
            ["--system", "--exit-idle-time=-1", "--disable-shm", "--daemonize=no", "-n", "--file=/run/ltsp/pulse.pa"]
                .allSatisfy(command.contains))
        #expect(SoundSettings.pulseServer(client: "192.168.67.20") == "tcp:192.168.67.20:4713")
    }
}
