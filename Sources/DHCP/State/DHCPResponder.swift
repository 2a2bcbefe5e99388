import NetworkValues

/// Turns one request into a response for the configured mode: lease decision, boot policy, reply options. No I/O.
public struct DHCPResponder: Sendable {
    public let configuration: DHCPServerConfiguration
    public private(set) var leases: DHCPLeaseStateMachine
    private let policy: DHCPBootPolicy

    public init(configuration: DHCPServerConfiguration, recoveredLeases: [DHCPLease] = []) {
        self.configuration = configuration
        self.leases = DHCPLeaseStateMachine(
            configuration: configuration.stateMachineConfiguration, leases: recoveredLeases)
        self.policy = DHCPBootPolicy(files: configuration.bootFiles, serverAddress: configuration.serverAddress)
    }

    /// `localPort` is the port the request arrived on (67, or 4011); `source` is its sender.
    public mutating func respond(
        to request: DHCPMessage, localPort: Int, source: (address: IPv4Address, port: Int), now: UInt64
    ) -> DHCPResponse {
        let boot = policy.answer(for: request.options)
        guard request.operation == .bootRequest else { return ignore(boot, "not a BOOTREQUEST") }
        if localPort == configuration.pxePort { return bootServer(request, source: source, boot: boot) }
        switch configuration.mode {
        case .full: return full(request, boot: boot, now: now)
        case .proxy: return proxy(request, localPort: localPort, source: source, boot: boot)
        }
    }

    private func ignore(_ boot: DHCPBootAnswer, _ note: String) -> DHCPResponse {
        DHCPResponse(
            reply: nil, destination: .broadcast(port: configuration.clientPort), record: nil,
            replyNeedsDurableRecord: false, event: nil, address: nil, boot: boot, note: note)
    }

    // MARK: - Full mode

    private mutating func full(_ request: DHCPMessage, boot: DHCPBootAnswer, now: UInt64) -> DHCPResponse {
        let destination = self.destination(for: request, nak: false)
        switch leases.handle(request, now: now) {
        case .offer(let address, let seconds):
            var reply = reply(.offer, to: request, address: address, leaseSeconds: .some(seconds), boot: boot)
            Self.directBoot(&reply, request)
            return DHCPResponse(
                reply: reply, destination: destination, record: nil, replyNeedsDurableRecord: false, event: .offer,
                address: address, boot: boot, note: nil)
        case .ack(let lease, let seconds):
            var reply = reply(.ack, to: request, address: lease.address, leaseSeconds: .some(seconds), boot: boot)
            Self.directBoot(&reply, request)
            return DHCPResponse(
                reply: reply, destination: destination, record: lease, replyNeedsDurableRecord: true, event: .ack,
                address: lease.address, boot: boot, note: nil)
        case .nak(let reason):
            return DHCPResponse(
                reply: nak(request, reason: reason), destination: self.destination(for: request, nak: true),
                record: nil, replyNeedsDurableRecord: false, event: .nak, address: nil, boot: boot, note: reason)
        case .informAck:
            let reply = reply(.ack, to: request, address: IPv4Address(0), leaseSeconds: nil, boot: boot)
            return DHCPResponse(
                reply: reply, destination: destination, record: nil, replyNeedsDurableRecord: false, event: .inform,
                address: request.clientAddress, boot: boot, note: nil)
        case .released(let lease):
            return DHCPResponse(
                reply: nil, destination: destination, record: lease, replyNeedsDurableRecord: false,
                event: .release, address: lease.address, boot: boot, note: nil)
        case .declined(let lease):
            return DHCPResponse(
                reply: nil, destination: destination, record: lease, replyNeedsDurableRecord: false,
                event: .decline, address: lease.address, boot: boot, note: nil)
        case .ignore(let reason):
            return ignore(boot, reason)
        }
    }

    // MARK: - Proxy mode (PXE 2.1 §2.2.2 proxyDHCP)

    private func proxy(
        _ request: DHCPMessage, localPort: Int, source: (address: IPv4Address, port: Int), boot: DHCPBootAnswer
    ) -> DHCPResponse {
        let vendorClass = request.options.vendorClass ?? ""
        guard vendorClass.hasPrefix("PXEClient") || vendorClass.hasPrefix("HTTPClient") else {
            return ignore(boot, "proxy mode answers PXE clients only")
        }
        guard boot.bootFile != nil else { return ignore(boot, "no boot file for \(boot.firmware)") }
        let type = request.messageType
        let kind: DHCPEvent.Kind
        let replyType: DHCPMessageType
        let destination: DHCPDestination
        if type == .discover {
            (kind, replyType) = (.proxyOffer, .offer)
            destination = self.destination(for: request, nak: false)
        } else if type == .request, request.options.serverIdentifier == configuration.serverAddress {
            (kind, replyType) = (.proxyAck, .ack)
            destination = self.destination(for: request, nak: false)
        } else {
            return ignore(boot, "proxy mode: \(type.map { "\($0)" } ?? "BOOTP") on port \(localPort) is not ours")
        }
        var reply = reply(replyType, to: request, address: IPv4Address(0), leaseSeconds: nil, boot: boot)
        Self.directBoot(&reply, request)
        return DHCPResponse(
            reply: reply, destination: destination, record: nil, replyNeedsDurableRecord: false, event: kind,
            address: nil, boot: boot, note: nil)
    }

    /// PXE 2.1 §2.2.4: a boot-server request on port 4011, which EDK2's PXE sends after the DHCP exchange (in full
    /// and proxy mode alike), is answered to its sender with the boot information and no address.
    private func bootServer(
        _ request: DHCPMessage, source: (address: IPv4Address, port: Int),
        boot: DHCPBootAnswer
    ) -> DHCPResponse {
        let vendorClass = request.options.vendorClass ?? ""
        guard vendorClass.hasPrefix("PXEClient") || vendorClass.hasPrefix("HTTPClient") else {
            return ignore(boot, "port \(configuration.pxePort) answers PXE clients only")
        }
        guard request.messageType == .request || request.messageType == .inform else {
            return ignore(boot, "port \(configuration.pxePort): not a request")
        }
        guard boot.bootFile != nil else { return ignore(boot, "no boot file for \(boot.firmware)") }
        var reply = reply(.ack, to: request, address: IPv4Address(0), leaseSeconds: nil, boot: boot)
        Self.directBoot(&reply, request)
        return DHCPResponse(
            reply: reply, destination: .unicast(source.address, port: source.port), record: nil,
            replyNeedsDurableRecord: false, event: .proxyAck, address: nil, boot: boot, note: nil)
    }

    /// PXE 2.1 §2.2.4, as Pixiecore and dnsmasq do it: option 43 with PXE_DISCOVERY_CONTROL (sub-option 6) = 8,
    /// "boot the file named, no boot-server discovery, no menu", for every PXE client, so firmware that sees option 60
    /// without option 43 does not go looking for a boot server first.
    static func directBoot(_ reply: inout DHCPMessage, _ request: DHCPMessage) {
        guard (request.options.vendorClass ?? "").hasPrefix("PXEClient"), reply.options.text(.bootFileName) != nil
        else {
            return
        }
        reply.options[.vendorSpecific] = [6, 1, 8, 255]
    }

    // MARK: - Replies (RFC 2131 §4.3.1 table 3)

    /// RFC 2131 §4.1: relay → giaddr:67; NAK → broadcast; ciaddr → unicast; otherwise broadcast, since we cannot
    /// send to an address the client has not configured without an ARP entry.
    private func destination(for request: DHCPMessage, nak: Bool) -> DHCPDestination {
        if request.isRelayed { return .unicast(request.relayAddress, port: configuration.serverPort) }
        if !nak && request.clientAddress.value != 0 {
            return .unicast(request.clientAddress, port: configuration.clientPort)
        }
        return .broadcast(port: configuration.clientPort)
    }

    /// `leaseSeconds`: `nil` = no lease options (INFORM, proxy); `.some(nil)` = infinite.
    private func reply(
        _ type: DHCPMessageType, to request: DHCPMessage, address: IPv4Address, leaseSeconds: UInt32??,
        boot: DHCPBootAnswer
    ) -> DHCPMessage {
        let configuration = self.configuration
        var options = DHCPOptions()
        options.messageType = type
        options.setAddress(.serverIdentifier, configuration.serverAddress)
        if let leaseSeconds {
            options.setUInt32(.leaseTime, leaseSeconds ?? UInt32.max)
            if let seconds = leaseSeconds {
                // RFC 2131 §4.4.5: T1 = 0.5 × lease, T2 = 0.875 × lease.
                options.setUInt32(.renewalTime, seconds / 2)
                options.setUInt32(.rebindingTime, UInt32(UInt64(seconds) * 7 / 8))
            }
        }
        if configuration.mode == .full {
            options.setAddress(.subnetMask, configuration.network.netmask)
            options.setAddress(.router, configuration.router)
            options.setAddresses(.domainNameServer, configuration.dnsServers)
            if let hostname = leases.reservation(for: request.clientHardwareAddress)?.hostname {
                options.setText(.hostName, hostname)
            }
            options.setText(.domainName, configuration.domain)
            options.setAddress(.broadcastAddress, configuration.network.broadcastAddress)
        }
        var file: [UInt8] = []
        if let bootFile = boot.bootFile {
            options.setText(.tftpServerName, configuration.serverAddress.description)
            options.setText(.bootFileName, bootFile)
            if bootFile.utf8.count < 128 { file = Array(bootFile.utf8) }
        }
        options.setText(.vendorClass, boot.vendorClass)
        options[.clientMachineIdentifier] = boot.clientMachineIdentifier
        return DHCPMessage(
            operation: .bootReply, hardwareType: request.hardwareType, transactionID: request.transactionID,
            flags: request.flags, clientAddress: type == .offer ? IPv4Address(0) : request.clientAddress,
            yourAddress: address, serverAddress: configuration.serverAddress,
            relayAddress: request.relayAddress, clientHardwareAddress: request.clientHardwareAddress,
            bootFileName: file, options: options)
    }

    /// RFC 2131 §4.3.2 table 3: a NAK carries only the type, server id and a message; via a relay it asks for broadcast.
    private func nak(_ request: DHCPMessage, reason: String) -> DHCPMessage {
        var options = DHCPOptions()
        options.messageType = .nak
        options.setAddress(.serverIdentifier, configuration.serverAddress)
        options.setText(.message, reason)
        return DHCPMessage(
            operation: .bootReply, hardwareType: request.hardwareType, transactionID: request.transactionID,
            flags: request.isRelayed ? request.flags | DHCPMessage.broadcastFlag : request.flags,
            relayAddress: request.relayAddress, clientHardwareAddress: request.clientHardwareAddress, options: options)
    }
}
