import DHCP
import NetworkValues

/// Client messages for state-machine and responder tests.
func clientMessage(
    _ type: DHCPMessageType, mac: String = "52:54:00:00:00:01", xid: UInt32 = 0x1234,
    ciaddr: String = "0.0.0.0", giaddr: String = "0.0.0.0", requested: String? = nil, serverID: String? = nil,
    options extra: [(DHCPOptionCode, [UInt8])] = []
) -> DHCPMessage {
    var message = DHCPMessage(
        operation: .bootRequest, transactionID: xid, clientAddress: ip(ciaddr), relayAddress: ip(giaddr),
        clientHardwareAddress: DHCPHardwareAddress(mac) ?? DHCPHardwareAddress([0, 0, 0, 0, 0, 0]))
    message.options.messageType = type
    if let requested { message.options.setAddress(.requestedAddress, ip(requested)) }
    if let serverID { message.options.setAddress(.serverIdentifier, ip(serverID)) }
    for (code, value) in extra { message.options[code] = value }
    return message
}

func ip(_ text: String) -> IPv4Address { IPv4Address(text) ?? IPv4Address(0) }
