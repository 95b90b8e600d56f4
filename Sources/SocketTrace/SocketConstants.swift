import Glibc

/// A named C constant: the value the kernel gets and the name the learner reads.
public protocol NamedConstant: Codable, Sendable, Hashable, CustomStringConvertible {
    var value: Int32 { get }
    var name: String { get }
    init(value: Int32)
    static var table: [(String, Int32)] { get }
}

extension NamedConstant {
    public var name: String { Self.table.first(where: { $0.1 == value })?.0 ?? String(value) }
    public var description: String { name }
    public init?(name: String) {
        guard let entry = Self.table.first(where: { $0.0 == name }) else { return nil }
        self.init(value: entry.1)
    }
    public static var names: [String] { table.map(\.0) }

    public init(from decoder: Decoder) throws {
        self.init(value: try decoder.singleValueContainer().decode(Int32.self))
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Address families, including ones this kernel may lack (the EAFNOSUPPORT lesson).
public struct AddressFamily: NamedConstant {
    public let value: Int32
    public init(value: Int32) { self.value = value }
    public static let inet = AddressFamily(value: AF_INET)
    public static let inet6 = AddressFamily(value: AF_INET6)
    public static let unix = AddressFamily(value: AF_UNIX)
    public static let table: [(String, Int32)] = [
        ("AF_UNIX", AF_UNIX), ("AF_INET", AF_INET), ("AF_INET6", AF_INET6),
        ("AF_AX25", AF_AX25), ("AF_IPX", AF_IPX), ("AF_APPLETALK", AF_APPLETALK),
        ("AF_X25", AF_X25), ("AF_DECnet", AF_DECnet), ("AF_PACKET", AF_PACKET),
        ("AF_NETLINK", AF_NETLINK), ("AF_UNSPEC", AF_UNSPEC),
    ]
    /// Python's spelling: `socket.AF_INET`.
    public var python: String { "socket.\(name)" }
}

public struct SocketType: NamedConstant {
    public let value: Int32
    public init(value: Int32) { self.value = value }
    public static let stream = SocketType(value: Int32(SOCK_STREAM.rawValue))
    public static let datagram = SocketType(value: Int32(SOCK_DGRAM.rawValue))
    public static let raw = SocketType(value: Int32(SOCK_RAW.rawValue))
    public static let table: [(String, Int32)] = [
        ("SOCK_STREAM", Int32(SOCK_STREAM.rawValue)), ("SOCK_DGRAM", Int32(SOCK_DGRAM.rawValue)),
        ("SOCK_RAW", Int32(SOCK_RAW.rawValue)), ("SOCK_SEQPACKET", Int32(SOCK_SEQPACKET.rawValue)),
    ]
}

public struct IPProtocol: NamedConstant {
    public let value: Int32
    public init(value: Int32) { self.value = value }
    public static let table: [(String, Int32)] = [
        ("0", 0), ("IPPROTO_TCP", Int32(IPPROTO_TCP)), ("IPPROTO_UDP", Int32(IPPROTO_UDP)),
        ("IPPROTO_ICMP", Int32(IPPROTO_ICMP)), ("IPPROTO_RAW", Int32(IPPROTO_RAW)),
    ]
}

public struct ShutdownHow: NamedConstant {
    public let value: Int32
    public init(value: Int32) { self.value = value }
    public static let read = ShutdownHow(value: Int32(SHUT_RD))
    public static let write = ShutdownHow(value: Int32(SHUT_WR))
    public static let both = ShutdownHow(value: Int32(SHUT_RDWR))
    public static let table: [(String, Int32)] = [
        ("SHUT_RD", Int32(SHUT_RD)), ("SHUT_WR", Int32(SHUT_WR)), ("SHUT_RDWR", Int32(SHUT_RDWR)),
    ]
}

/// The socket options the curriculum needs, each with its level.
public enum SocketOption: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case reuseAddress = "SO_REUSEADDR"
    case receiveTimeout = "SO_RCVTIMEO"
    case sendTimeout = "SO_SNDTIMEO"
    case receiveBuffer = "SO_RCVBUF"
    case sendBuffer = "SO_SNDBUF"
    case error = "SO_ERROR"
    case type = "SO_TYPE"
    case noDelay = "TCP_NODELAY"
    /// The path MTU the kernel knows for a connected socket's peer (get only; ip(7)).
    case ipMTU = "IP_MTU"

    public var description: String { rawValue }
    public var level: Int32 {
        switch self {
        case .noDelay: Int32(IPPROTO_TCP)
        case .ipMTU: Int32(IPPROTO_IP)
        default: SOL_SOCKET
        }
    }
    public var levelName: String {
        switch self {
        case .noDelay: "IPPROTO_TCP"
        case .ipMTU: "IPPROTO_IP"
        default: "SOL_SOCKET"
        }
    }
    /// Python's socket module lacks a few constants (IP_MTU): those lines use the number.
    public var pythonName: String? { self == .ipMTU ? nil : "socket.\(rawValue)" }
    public var optionName: Int32 {
        switch self {
        case .reuseAddress: SO_REUSEADDR
        case .receiveTimeout: SO_RCVTIMEO
        case .sendTimeout: SO_SNDTIMEO
        case .receiveBuffer: SO_RCVBUF
        case .sendBuffer: SO_SNDBUF
        case .error: SO_ERROR
        case .type: SO_TYPE
        case .noDelay: TCP_NODELAY
        case .ipMTU: 14  // IP_MTU, as <linux/in.h> defines it
        }
    }
    /// The timeouts take a `struct timeval`; the others an int.
    public var isTimeval: Bool { self == .receiveTimeout || self == .sendTimeout }
}

public struct PollEvents: OptionSet, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }
    public static let input = PollEvents(rawValue: Int16(POLLIN))
    public static let output = PollEvents(rawValue: Int16(POLLOUT))
    public static let error = PollEvents(rawValue: Int16(POLLERR))
    public static let hangUp = PollEvents(rawValue: Int16(POLLHUP))
    public static let invalid = PollEvents(rawValue: Int16(POLLNVAL))
    public static let readHangUp = PollEvents(rawValue: Int16(0x2000))  // POLLRDHUP

    static let names: [(String, PollEvents)] = [
        ("POLLIN", .input), ("POLLOUT", .output), ("POLLERR", .error), ("POLLHUP", .hangUp),
        ("POLLNVAL", .invalid), ("POLLRDHUP", .readHangUp),
    ]
    public init?(name: String) {
        guard let e = PollEvents.names.first(where: { $0.0 == name }) else { return nil }
        self = e.1
    }
    public var description: String {
        let parts = PollEvents.names.filter { contains($0.1) }.map(\.0)
        return parts.isEmpty ? "0" : parts.joined(separator: "|")
    }
}
