import Glibc

/// A decoded socket address: what a lesson binds to, connects to, or gets back.
public enum SocketAddress: Codable, Sendable, Hashable, CustomStringConvertible {
    case inet(host: String, port: UInt16)
    case inet6(host: String, port: UInt16)
    case unix(path: String)
    /// An address the kernel returned with no name (an unbound AF_UNIX peer) or a family
    /// this type does not decode.
    case unnamed(family: Int32)

    public var family: AddressFamily {
        switch self {
        case .inet: .inet
        case .inet6: .inet6
        case .unix: .unix
        case .unnamed(let family): AddressFamily(value: family)
        }
    }

    public var port: UInt16? {
        switch self {
        case .inet(_, let port), .inet6(_, let port): port
        default: nil
        }
    }

    /// `127.0.0.1:41237`, `[::1]:41237`, `/tmp/…/echo.sock`.
    public var hostAndPort: String {
        switch self {
        case .inet(let host, let port): "\(host):\(port)"
        case .inet6(let host, let port): "[\(host)]:\(port)"
        case .unix(let path): path.isEmpty ? "(unnamed)" : path
        case .unnamed: "(unnamed)"
        }
    }

    /// The trace's form: `{AF_INET, 127.0.0.1:0}`.
    public var description: String { "{\(family.name), \(hostAndPort)}" }

    /// Python's tuple: `('127.0.0.1', 41237)`, `('::1', 41237, 0, 0)` or `'/tmp/…/echo.sock'`.
    public var python: String {
        switch self {
        case .inet(let host, let port): "('\(host)', \(port))"
        case .inet6(let host, let port): "('\(host)', \(port), 0, 0)"
        case .unix(let path): "'\(path)'"
        case .unnamed: "''"
        }
    }

    /// True for 127.0.0.0/8, ::1 and AF_UNIX paths: the only places lessons may bind.
    public var isLoopback: Bool {
        switch self {
        case .inet(let host, _):
            var a = in_addr()
            return inet_pton(AF_INET, host, &a) == 1 && (UInt32(bigEndian: a.s_addr) >> 24) == 127
        case .inet6(let host, _):
            var a = in6_addr()
            var loop = in6addr_loopback
            return inet_pton(AF_INET6, host, &a) == 1 && memcmp(&a, &loop, MemoryLayout<in6_addr>.size) == 0
        case .unix: return true
        case .unnamed: return false
        }
    }

    /// Parses `127.0.0.1:0`, `[::1]:0` or `unix:/path`. Host parts must be numeric:
    /// a name would make the C library open sockets of its own to look it up.
    public init?(parsing text: String) {
        if text.hasPrefix("unix:") {
            self = .unix(path: String(text.dropFirst(5)))
            return
        }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":"),
                  let port = UInt16(text[text.index(close, offsetBy: 2)...]) else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            var a = in6_addr()
            guard inet_pton(AF_INET6, host, &a) == 1 else { return nil }
            self = .inet6(host: host, port: port)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        let host = String(text[..<colon])
        var a = in_addr()
        guard inet_pton(AF_INET, host, &a) == 1 else { return nil }
        self = .inet(host: host, port: port)
    }

    /// The same address with another port (for "the server's address, port 0 replaced").
    public func with(port: UInt16) -> SocketAddress {
        switch self {
        case .inet(let host, _): .inet(host: host, port: port)
        case .inet6(let host, _): .inet6(host: host, port: port)
        default: self
        }
    }
}

// MARK: - Conversion to and from the C structures

extension SocketAddress {
    /// Decodes what the kernel wrote into a `sockaddr_storage`.
    public init(storage: sockaddr_storage, length: socklen_t) {
        var storage = storage
        let family = Int32(storage.ss_family)
        switch family {
        case AF_INET:
            let sin = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            var addr = sin.sin_addr
            var buf = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            inet_ntop(AF_INET, &addr, &buf, socklen_t(buf.count))
            self = .inet(host: String(cBuffer: buf), port: UInt16(bigEndian: sin.sin_port))
        case AF_INET6:
            let sin6 = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            var addr = sin6.sin6_addr
            var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            inet_ntop(AF_INET6, &addr, &buf, socklen_t(buf.count))
            self = .inet6(host: String(cBuffer: buf), port: UInt16(bigEndian: sin6.sin6_port))
        case AF_UNIX:
            let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)!
            let count = max(0, Int(length) - pathOffset)
            let path = withUnsafeBytes(of: &storage) { raw -> String in
                let bytes = raw[pathOffset..<(pathOffset + count)]
                return String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            self = count == 0 ? .unnamed(family: AF_UNIX) : .unix(path: path)
        default:
            self = .unnamed(family: family)
        }
    }

    /// Calls `body` with this address as a C `sockaddr` and its length.
    public func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var storage = sockaddr_storage()
        var length: socklen_t = 0
        withUnsafeMutableBytes(of: &storage) { raw in
            switch self {
            case .inet(let host, let port):
                var sin = sockaddr_in()
                sin.sin_family = sa_family_t(AF_INET)
                sin.sin_port = port.bigEndian
                inet_pton(AF_INET, host, &sin.sin_addr)
                raw.storeBytes(of: sin, as: sockaddr_in.self)
                length = socklen_t(MemoryLayout<sockaddr_in>.size)
            case .inet6(let host, let port):
                var sin6 = sockaddr_in6()
                sin6.sin6_family = sa_family_t(AF_INET6)
                sin6.sin6_port = port.bigEndian
                inet_pton(AF_INET6, host, &sin6.sin6_addr)
                raw.storeBytes(of: sin6, as: sockaddr_in6.self)
                length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            case .unix(let path):
                var sun = sockaddr_un()
                sun.sun_family = sa_family_t(AF_UNIX)
                let capacity = MemoryLayout.size(ofValue: sun.sun_path) - 1
                withUnsafeMutableBytes(of: &sun.sun_path) { dst in
                    for (i, byte) in path.utf8.prefix(capacity).enumerated() { dst[i] = byte }
                }
                raw.storeBytes(of: sun, as: sockaddr_un.self)
                let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)!
                length = socklen_t(pathOffset + min(path.utf8.count, capacity) + 1)
            case .unnamed(let family):
                raw.storeBytes(of: sa_family_t(family), as: sa_family_t.self)
                length = socklen_t(MemoryLayout<sa_family_t>.size)
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
