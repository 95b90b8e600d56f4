import Catalogue
import Glibc
import SocketTrace

/// The closed list of families, types and protocols a lesson may ask for. Lesson files are
/// shared by strangers: AF_PACKET sniffs every interface as root and AF_NETLINK can read and
/// change the host's links, so neither is in it, nor any raw family number. Two kinds of
/// socket are allowed only as an attempt the lesson then closes (it may do nothing else with
/// them): SOCK_RAW (EPERM, or success as root) and AF_IPX, a family this kernel lacks
/// (EAFNOSUPPORT); likewise any protocol other than 0, TCP or UDP.
public enum SocketVocabulary {
    public static let families: [AddressFamily] = [.unix, .inet, .inet6, AddressFamily(value: AF_IPX)]
    /// getaddrinfo may also ask for AF_UNSPEC (both IPv4 and IPv6).
    public static let lookupFamilies: [AddressFamily] = [AddressFamily(value: AF_UNSPEC), .inet, .inet6]
    public static let types: [SocketType] = [.stream, .datagram, SocketType(value: Int32(SOCK_SEQPACKET.rawValue)), .raw]
    /// By number, as lesson files give them: 0, TCP, UDP; ICMP, ICMPv6 and IPPROTO_RAW for raw attempts.
    public static let protocols: [Int] = [0, Int(IPPROTO_TCP), Int(IPPROTO_UDP), Int(IPPROTO_ICMP), Int(IPPROTO_ICMPV6), Int(IPPROTO_RAW)]

    public static var familyNames: [String] { families.map(\.name) }
    public static var lookupFamilyNames: [String] { lookupFamilies.map(\.name) }
    public static var typeNames: [String] { types.map(\.name) }

    /// Whether a socket of this kind may be used at all, or only made (tried) and closed.
    public static func isAttemptOnly(family: AddressFamily, type: SocketType, protocol proto: Int) -> Bool {
        let ordinary: Bool = switch (family, type) {
        case (.unix, .stream), (.unix, .datagram), (.unix, SocketType(value: Int32(SOCK_SEQPACKET.rawValue))): proto == 0
        case (.inet, .stream), (.inet6, .stream): proto == 0 || proto == Int(IPPROTO_TCP)
        case (.inet, .datagram), (.inet6, .datagram): proto == 0 || proto == Int(IPPROTO_UDP)
        default: false
        }
        return !ordinary
    }

    /// nil when the lesson may ask for this socket; otherwise why not.
    public static func refusal(family: AddressFamily, type: SocketType, protocol proto: Int) -> Message? {
        if !families.contains(family) { return Message(.runFamilyNotAllowed, ["name": .text(family.name), "allowed": .text(familyNames.joined(separator: ", "))]) }
        if !types.contains(type) { return Message(.runTypeNotAllowed, ["name": .text(type.name), "allowed": .text(typeNames.joined(separator: ", "))]) }
        if !protocols.contains(proto) { return Message(.runProtocolNotAllowed, ["name": .of(proto), "allowed": .text(protocols.map(String.init).joined(separator: ", "))]) }
        return nil
    }
}

/// Values from lesson files as messages show them: one line, and cut when long.
public enum Shown {
    public static func value(_ text: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for ch in text.unicodeScalars {
            if count >= limit { return out + "… (\(text.utf8.count) bytes)" }
            switch ch {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where ch.value < 0x20 || ch.value == 0x7f:
                out += "\\x" + (ch.value < 0x10 ? "0" : "") + String(ch.value, radix: 16)
            default: out.unicodeScalars.append(ch)
            }
            count += 1
        }
        return out
    }
}
