import SystemSupport
import Glibc
/// A fixed address for one client, from `DHCP_RESERVATIONS` (`MAC,ADDRESS[,HOSTNAME]`).
public struct HostReservation: Hashable, Sendable {
    /// Lower-case `aa:bb:cc:dd:ee:ff`.
    public var mac: String
    public var address: IPv4Address
    public var hostname: String?

    public init(mac: String, address: IPv4Address, hostname: String? = nil) {
        self.mac = NetworkNames.normalizedMAC(mac) ?? mac.lowercased()
        self.address = address
        self.hostname = hostname
    }

    /// Parses the space-separated list; the error says which entry is wrong and why.
    public static func parseList(_ text: String) -> Result<[HostReservation], ReservationProblem> {
        var reservations: [HostReservation] = []
        for entry in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let fields = entry.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 2 || fields.count == 3 else {
                return .failure(ReservationProblem("'\(entry)' is not MAC,ADDRESS[,HOSTNAME]"))
            }
            guard let mac = NetworkNames.normalizedMAC(fields[0]) else {
                return .failure(ReservationProblem("'\(fields[0])' in '\(entry)' is not a MAC address"))
            }
            guard let address = IPv4Address(fields[1]) else {
                return .failure(ReservationProblem("'\(fields[1])' in '\(entry)' is not an IPv4 address"))
            }
            var hostname: String?
            if fields.count == 3 {
                guard NetworkNames.domainProblem(fields[2]) == nil else {
                    return .failure(ReservationProblem("'\(fields[2])' in '\(entry)' is not a host name"))
                }
                hostname = fields[2]
            }
            if reservations.contains(where: { $0.mac == mac }) {
                return .failure(ReservationProblem("\(mac) is reserved twice"))
            }
            if reservations.contains(where: { $0.address == address }) {
                return .failure(ReservationProblem("\(address) is reserved twice"))
            }
            reservations.append(HostReservation(mac: mac, address: address, hostname: hostname))
        }
        return .success(reservations)
    }

    public struct ReservationProblem: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}

extension Result {
    /// The error's description, or nil on success.
    public var failureDescription: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}
