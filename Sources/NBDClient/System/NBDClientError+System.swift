import Glibc

extension NBDClientError {
    /// `what: strerror(errno)`, read at once so that nothing in between can change `errno`.
    static func system(_ what: String, _ code: Int32 = errno) -> NBDClientError {
        NBDClientError("\(what): \(String(cString: strerror(code)))")
    }
}
