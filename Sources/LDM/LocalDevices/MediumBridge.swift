import Glibc
import SystemSupport

/// One medium shown in a session: the client's ``MediumJail`` (sftp-server on the medium) and an ssh command through
/// the login's master running sshfs on the server (``SessionCommand/showMedium(user:name:)``), each one's standard
/// output the other's standard input. Either ending ends the other.
final class MediumBridge {
    let jail: pid_t
    let ssh: pid_t
    private var ended = false

    /// Starts both; throws (with the reason) when one could not start.
    init(
        mountPoint: String, name: String, readOnly: Bool, master: SSHMaster, environment: [String],
        executable: String = RunningExecutable.path
    ) throws(MediumMount.Failure) {
        guard let toServer = DescriptorIO.makePipe() else { throw MediumMount.Failure(description: "pipe") }
        guard let fromServer = DescriptorIO.makePipe() else {
            close(toServer.read); close(toServer.write)
            throw MediumMount.Failure(description: "pipe")
        }
        defer { for end in [toServer.read, toServer.write, fromServer.read, fromServer.write] { close(end) } }
        let command = SessionCommand.showMedium(user: master.target.user.text, name: name)
        let arguments = SSHArguments.command(
            master.target, socket: master.socket, forwardX: false, terminal: false,
            command)
        guard
            case .success(let jail) = ProcessSpawn.start(
                executable, MediumJail.arguments(directory: mountPoint, readOnly: readOnly),
                standard: .descriptors(stdin: fromServer.read, stdout: toServer.write, stderr: 2), newProcessGroup: true
            )
        else { throw MediumMount.Failure(description: "could not start \(executable) \(MediumJail.option)") }
        guard
            case .success(let ssh) = ProcessSpawn.start(
                PseudoTerminal.lookUp("ssh"), arguments,
                standard: .descriptors(stdin: toServer.read, stdout: fromServer.write, stderr: 2),
                environment: environment,
                newProcessGroup: true)
        else {
            Children.stop(jail, group: true)
            throw MediumMount.Failure(description: "could not start ssh")
        }
        self.jail = jail
        self.ssh = ssh
    }

    /// True once either side has ended; the other is then ended too.
    var hasEnded: Bool {
        if ended { return true }
        let jailEnded = Children.poll(jail) != nil
        let sshEnded = jailEnded ? false : Children.poll(ssh) != nil
        guard jailEnded || sshEnded else { return false }
        end(jailEnded: jailEnded, sshEnded: sshEnded)
        return true
    }

    /// Ends the client's side; sshfs on the server reads the end of its input, unmounts and removes the directory,
    /// and its ssh command returns. Nothing when the bridge has already ended.
    func stop() {
        guard !ended else { return }
        end(jailEnded: false, sshEnded: false)
    }

    /// Ends what still runs: the jail at once, the ssh command given 10 s to see sshfs let go of the medium.
    private func end(jailEnded: Bool, sshEnded: Bool) {
        ended = true
        if !jailEnded { Children.stop(jail, group: true) }
        if !sshEnded && Children.wait(ssh, timeout: .seconds(10), group: true) == nil {
            LDMLog().error("media: the server did not let go of the medium within 10 s")
        }
    }
}
