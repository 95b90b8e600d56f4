import Foundation
import Glibc

/// One packet of a lesson's connections, as captured on the loopback device and decoded.
public struct Packet: Codable, Sendable, Hashable, CustomStringConvertible {
    /// When the kernel stamped it, in nanoseconds since the session started.
    public var offsetNanoseconds: UInt64
    /// Wall-clock time of the capture (for pcap files).
    public var seconds: Int64
    public var nanoseconds: Int32
    /// The frame as captured (loopback's 14-byte Ethernet header first), and its whole length.
    public var frame: Data
    public var wireLength: Int
    public var transport: String      // "tcp" or "udp"
    public var source: String         // 127.0.0.1:41237
    public var destination: String
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// TCP flags by name: SYN, ACK, PSH, FIN, RST, URG.
    public var flags: [String]
    /// Sequence and acknowledgement numbers relative to each side's first (as tcpdump and
    /// Wireshark show them): the SYN is seq 0, the first data byte seq 1.
    public var sequence: UInt32
    public var acknowledgement: UInt32?
    public var window: UInt16
    public var payload: Data

    public init(offsetNanoseconds: UInt64, seconds: Int64, nanoseconds: Int32, frame: Data, wireLength: Int, transport: String,
                source: String, destination: String, sourcePort: UInt16, destinationPort: UInt16, flags: [String],
                sequence: UInt32, acknowledgement: UInt32?, window: UInt16, payload: Data) {
        self.offsetNanoseconds = offsetNanoseconds; self.seconds = seconds; self.nanoseconds = nanoseconds
        self.frame = frame; self.wireLength = wireLength; self.transport = transport
        self.source = source; self.destination = destination; self.sourcePort = sourcePort
        self.destinationPort = destinationPort; self.flags = flags; self.sequence = sequence
        self.acknowledgement = acknowledgement; self.window = window; self.payload = payload
    }

    /// `SYN-ACK`, `PSH,ACK`, `FIN,ACK`; `UDP` for a datagram.
    public var flagText: String {
        if transport == "udp" { return "UDP" }
        if flags.contains("SYN") && flags.contains("ACK") { return "SYN-ACK" }
        return flags.joined(separator: ",")
    }

    /// `127.0.0.1:50864 → 127.0.0.1:59321 PSH,ACK seq 1 ack 1 len 6 "hello\n"`.
    public var description: String {
        var text = "\(source) → \(destination) \(flagText)"
        if transport == "tcp" {
            text += " seq \(sequence)"
            if let acknowledgement { text += " ack \(acknowledgement)" }
        }
        text += " len \(payload.count)"
        if !payload.isEmpty { text += " \"" + ByteEscaping.escape(payload) + "\"" }
        return text
    }
}

/// A frame off the wire, before decoding.
public struct RawFrame: Sendable {
    public var bytes: Data
    public var wireLength: Int
    public var seconds: Int64
    public var nanoseconds: Int32
}

/// Decodes loopback frames: Ethernet, then IPv4 or IPv6, then TCP or UDP. Anything else
/// (ARP, ICMP, IPv6 extension headers) is not a lesson's packet and decodes to nil.
public struct PacketDecoder {
    /// Each direction's first sequence number, so the numbers shown start at 0.
    private var firstSequence: [String: UInt32] = [:]

    public init() {}

    public mutating func decode(_ raw: RawFrame, offsetNanoseconds: UInt64) -> Packet? {
        let b = [UInt8](raw.bytes)
        guard b.count >= 14 else { return nil }
        let etherType = Int(b[12]) << 8 | Int(b[13])
        var at = 14
        let proto: UInt8
        let src: String, dst: String
        var end: Int
        switch etherType {
        case 0x0800:
            guard b.count >= at + 20, b[at] >> 4 == 4 else { return nil }
            let headerLength = Int(b[at] & 0x0f) * 4
            end = min(b.count, at + (Int(b[at + 2]) << 8 | Int(b[at + 3])))
            proto = b[at + 9]
            src = b[(at + 12)..<(at + 16)].map(String.init).joined(separator: ".")
            dst = b[(at + 16)..<(at + 20)].map(String.init).joined(separator: ".")
            at += headerLength
        case 0x86DD:
            guard b.count >= at + 40 else { return nil }
            end = min(b.count, at + 40 + (Int(b[at + 4]) << 8 | Int(b[at + 5])))
            proto = b[at + 6]
            src = "[" + Self.ipv6(Array(b[(at + 8)..<(at + 24)])) + "]"
            dst = "[" + Self.ipv6(Array(b[(at + 24)..<(at + 40)])) + "]"
            at += 40
        default:
            return nil
        }
        func u16(_ i: Int) -> UInt16 { UInt16(b[i]) << 8 | UInt16(b[i + 1]) }
        func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) << 16 | UInt32(u16(i + 2)) }
        switch proto {
        case 6:
            guard b.count >= at + 20 else { return nil }
            let sport = u16(at), dport = u16(at + 2)
            let seq = u32(at + 4), ack = u32(at + 8)
            let dataOffset = Int(b[at + 12] >> 4) * 4
            let bits = b[at + 13]
            let names: [(UInt8, String)] = [(0x02, "SYN"), (0x01, "FIN"), (0x04, "RST"), (0x08, "PSH"), (0x20, "URG"), (0x10, "ACK")]
            let flags = names.filter { bits & $0.0 != 0 }.map(\.1)
            let forward = "\(src):\(sport)>\(dst):\(dport)", backward = "\(dst):\(dport)>\(src):\(sport)"
            if firstSequence[forward] == nil || bits & 0x02 != 0 { firstSequence[forward] = seq }
            let relativeAck = bits & 0x10 != 0 ? firstSequence[backward].map { ack &- $0 } ?? ack : nil
            let payloadStart = min(end, at + dataOffset)
            return Packet(offsetNanoseconds: offsetNanoseconds, seconds: raw.seconds, nanoseconds: raw.nanoseconds,
                          frame: raw.bytes, wireLength: raw.wireLength, transport: "tcp",
                          source: "\(src):\(sport)", destination: "\(dst):\(dport)", sourcePort: sport, destinationPort: dport,
                          flags: flags, sequence: seq &- firstSequence[forward]!, acknowledgement: relativeAck,
                          window: u16(at + 14), payload: Data(b[payloadStart..<max(payloadStart, end)]))
        case 17:
            guard b.count >= at + 8 else { return nil }
            let sport = u16(at), dport = u16(at + 2)
            let payloadStart = min(end, at + 8)
            return Packet(offsetNanoseconds: offsetNanoseconds, seconds: raw.seconds, nanoseconds: raw.nanoseconds,
                          frame: raw.bytes, wireLength: raw.wireLength, transport: "udp",
                          source: "\(src):\(sport)", destination: "\(dst):\(dport)", sourcePort: sport, destinationPort: dport,
                          flags: [], sequence: 0, acknowledgement: nil, window: 0,
                          payload: Data(b[payloadStart..<max(payloadStart, end)]))
        default:
            return nil
        }
    }

    static func ipv6(_ bytes: [UInt8]) -> String {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        return String(cBuffer: buffer)
    }
}
