import SystemSupport

/// The client's removable media in one session: looked for every second while the session runs; each one that
/// arrives (or is there at login) is probed, mounted on the client and shown on the server as
/// `/media/<user>/<label>` (``MediumBridge``); one that leaves is taken out of the session and unmounted. An eject
/// on the server (`fusermount -u`) unmounts it here too and says it is safe to pull. At logout every medium is taken
/// out of the session first, then unmounted here (its data written), and each is reported safe to pull.
final class SessionMedia {
    private struct Shown {
        var medium: RemovableMedium
        var mountPoint: String
        var name: String
        var bridge: MediumBridge
    }

    private let settings: LocalDeviceSettings
    private let master: SSHMaster
    private let environment: [String]
    private let log: LDMLog
    private let sysfs: String
    private var tracker = MediaTracker()
    private var shown: [String: Shown] = [:]
    private var lastLook: Stopwatch?

    init(settings: LocalDeviceSettings, master: SSHMaster, environment: [String], log: LDMLog, sysfs: String = "/sys") {
        self.settings = settings
        self.master = master
        self.environment = environment
        self.log = log
        self.sysfs = sysfs
        for problem in settings.problems { log.error(problem) }
    }

    /// Looks at the media (at most once a second) and follows what changed.
    func poll() {
        if let lastLook, lastLook.seconds < 1 { return }
        lastLook = Stopwatch()
        let (arrived, left) = tracker.update(RemovableMediaScan.media(sysfs: sysfs))
        for medium in left { take(medium.identity, pulled: true) }
        // Ejected by the user on the server (or the connection for it broke): its bridge has ended.
        for identity in Array(shown.keys) where shown[identity]?.bridge.hasEnded == true {
            take(identity, pulled: false)
        }
        for medium in arrived { show(medium) }
    }

    /// At logout: every medium out of the session, then unmounted here.
    func close() {
        for identity in Array(shown.keys).sorted() { take(identity, pulled: false) }
    }

    private func show(_ found: RemovableMedium) {
        guard let medium = MediumProbe.probe(found) else {
            log.info("media: \(found.name): no medium or no file system on it; not shown")
            return
        }
        if let denial = settings.denial(of: medium) {
            log.info("media: \(medium.name) (\(medium.label ?? "no label")) not shown: \(denial)")
            return
        }
        let taken = Set(shown.values.map { $0.name })
        var name = medium.directoryName
        if taken.contains(name) { name += "-\(medium.name)" }
        do throws(MediumMount.Failure) {
            let (mountPoint, plan) = try MediumMount.mount(medium, readOnly: settings.readOnly)
            do throws(MediumMount.Failure) {
                let bridge = try MediumBridge(
                    mountPoint: mountPoint, name: name, readOnly: plan.readOnly,
                    master: master, environment: environment)
                shown[medium.identity] = Shown(medium: medium, mountPoint: mountPoint, name: name, bridge: bridge)
                log.info(
                    "media: \(medium.name) (\(medium.fileSystem ?? "?")\(plan.readOnly ? ", read-only" : "")) "
                        + "in the session of \(master.target.user.text) as /media/\(master.target.user.text)/\(name)")
            } catch {
                MediumMount.unmount(mountPoint, detach: false)
                throw error
            }
        } catch {
            log.error("media: \(error)")
        }
    }

    /// Out of the session (its bridge ended, if it has not already), then unmounted here: lazily when it was
    /// pulled, else with its data written out, so that it is safe to remove.
    private func take(_ identity: String, pulled: Bool) {
        guard let entry = shown.removeValue(forKey: identity) else { return }
        entry.bridge.stop()
        let unmounted = MediumMount.unmount(entry.mountPoint, detach: pulled)
        if pulled {
            log.info("media: \(entry.name) (\(entry.medium.name)) was removed; it left the session")
        } else {
            log.info(
                "media: \(entry.name) (\(entry.medium.name)) left the session"
                    + (unmounted ? "; it is safe to remove" : ", but is still busy here"))
        }
    }
}
