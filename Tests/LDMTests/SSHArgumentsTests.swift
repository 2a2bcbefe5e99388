import Testing

@testable import LDM

struct SSHArgumentsTests {
    let target = SSHLoginTarget(
        user: try! UserName("alice"), server: "192.168.67.1", port: 2222,
        options: ["-o", "Compression=yes"])

    @Test func masterIsAnArgumentListWithStrictHostKeys() {
        let arguments = SSHArguments.master(
            target, socket: "/run/ldm/07/ssh-192.168.67.1.sock", forwardX: true,
            sentinel: "SENTINEL")
        #expect(
            arguments == [
                "ssh", "-Y", "-t", "-M", "-S", "/run/ldm/07/ssh-192.168.67.1.sock",
                "-o", "ControlPersist=no", "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=10",
                "-o", "StrictHostKeyChecking=yes", "-o", "GlobalKnownHostsFile=/etc/ssh/ssh_known_hosts",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4",
                "-l", "alice", "-p", "2222", "-o", "Compression=yes", "--", "192.168.67.1",
                "echo SENTINEL; exec /bin/sh -",
            ])
    }

    @Test func directXTurnsForwardingOff() {
        let arguments = SSHArguments.master(target, socket: "s", forwardX: false, sentinel: "S")
        #expect(arguments[1] == "-x")
    }

    @Test func sessionAndExitGoThroughTheSocket() {
        #expect(
            SSHArguments.command(target, socket: "s", forwardX: true, terminal: true, "run")
                == [
                    "ssh", "-Y", "-tt", "-S", "s", "-o", "ControlMaster=no", "-l", "alice", "--", "192.168.67.1", "run",
                ])
        #expect(
            SSHArguments.exit(target, socket: "s")
                == ["ssh", "-S", "s", "-O", "exit", "-l", "alice", "--", "192.168.67.1"])
    }
}
