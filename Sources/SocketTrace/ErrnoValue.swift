import Glibc

/// An errno as the learner should see it: symbolic name first, then the number and the
/// C library's own message (`ECONNREFUSED (111) Connection refused`).
public struct ErrnoValue: Codable, Sendable, Hashable, CustomStringConvertible {
    public let code: Int32
    public let name: String
    public let message: String

    public init(_ code: Int32) {
        self.code = code
        self.name = ErrnoValue.names[code] ?? "E\(code)"
        self.message = String(cString: strerror(code))
    }

    /// strace's form: `ECONNREFUSED (Connection refused)`.
    public var description: String { "\(name) (\(message))" }

    /// The errno for a symbolic name, if this table knows it.
    public static func code(named name: String) -> Int32? {
        names.first(where: { $0.value == name })?.key
    }

    public static var knownNames: [String] { names.values.sorted() }

    // The errors a socket lesson can meet on Linux. EWOULDBLOCK is EAGAIN here.
    static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EBADF: "EBADF", EACCES: "EACCES",
        EFAULT: "EFAULT", EINVAL: "EINVAL", EMFILE: "EMFILE", ENFILE: "ENFILE",
        EAGAIN: "EAGAIN", EPIPE: "EPIPE", ENOTSOCK: "ENOTSOCK", EDESTADDRREQ: "EDESTADDRREQ",
        EMSGSIZE: "EMSGSIZE", EPROTOTYPE: "EPROTOTYPE", ENOPROTOOPT: "ENOPROTOOPT",
        EPROTONOSUPPORT: "EPROTONOSUPPORT", ESOCKTNOSUPPORT: "ESOCKTNOSUPPORT",
        EOPNOTSUPP: "EOPNOTSUPP", EPFNOSUPPORT: "EPFNOSUPPORT", EAFNOSUPPORT: "EAFNOSUPPORT",
        EADDRINUSE: "EADDRINUSE", EADDRNOTAVAIL: "EADDRNOTAVAIL", ENETDOWN: "ENETDOWN",
        ENETUNREACH: "ENETUNREACH", ECONNABORTED: "ECONNABORTED", ECONNRESET: "ECONNRESET",
        ENOBUFS: "ENOBUFS", EISCONN: "EISCONN", ENOTCONN: "ENOTCONN", ESHUTDOWN: "ESHUTDOWN",
        ETIMEDOUT: "ETIMEDOUT", ECONNREFUSED: "ECONNREFUSED", EHOSTUNREACH: "EHOSTUNREACH",
        EALREADY: "EALREADY", EINPROGRESS: "EINPROGRESS", ENAMETOOLONG: "ENAMETOOLONG",
    ]
}
