import NetworkValues

/// A fixed address for one MAC address, with an optional host name sent as option 12 (`DHCP_RESERVATIONS`).
public typealias DHCPReservation = HostReservation
