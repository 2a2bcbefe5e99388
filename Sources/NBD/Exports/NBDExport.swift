/// An export as configured: the names clients may ask for, and a way to open it for one connection.
///
/// Opening happens at `NBD_OPT_INFO`, `NBD_OPT_GO` or `NBD_OPT_EXPORT_NAME` time, so each connection serves what the
/// file was when it attached: an image replaced by rename later does not disturb it.
public protocol NBDExport: Sendable {
    /// The canonical name, listed by `NBD_OPT_LIST` and sent as `NBD_INFO_NAME`.
    var name: String { get }
    /// Other names that reach the same export (for example the image's path, which older clients ask for).
    var aliases: [String] { get }
    var description: String { get }
    /// Opens the export for one connection; the connection closes the device when it ends.
    func open() throws -> any NBDBlockDevice
}
