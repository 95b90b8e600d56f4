import Foundation
import Glibc
import SocketTrace

/// Writes packets as a classic pcap file (nanosecond timestamps, Ethernet link type): what
/// tcpdump -r and Wireshark open. Each packet is written at once, so a crash loses nothing.
public final class PcapWriter: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let lock = NSLock()

    public struct OpenError: Error, CustomStringConvertible {
        public let path: String
        public let error: ErrnoValue
        public var description: String { "\(path): cannot write the pcap file: \(error.name) (\(error.message))" }
    }

    public init(path: String) throws {
        let fd = Kernel.ownDescriptor(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644))
        guard fd >= 0 else { throw OpenError(path: path, error: ErrnoValue(errno)) }
        self.path = path
        self.fd = fd
        var header = Data()
        header.append(le32: 0xa1b2_3c4d)  // nanosecond-resolution magic
        header.append(le16: 2); header.append(le16: 4)
        header.append(le32: 0); header.append(le32: 0)
        header.append(le32: 65535)
        header.append(le32: 1)  // LINKTYPE_ETHERNET: loopback frames carry a 14-byte Ethernet header
        write(header)
    }

    deinit { close(fd) }

    public func append(_ packet: Packet) {
        var record = Data()
        record.append(le32: UInt32(truncatingIfNeeded: packet.seconds))
        record.append(le32: UInt32(truncatingIfNeeded: packet.nanoseconds))
        record.append(le32: UInt32(packet.frame.count))
        record.append(le32: UInt32(packet.wireLength))
        record.append(packet.frame)
        write(record)
    }

    private func write(_ data: Data) {
        lock.lock(); defer { lock.unlock() }
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return }
                offset += n
            }
        }
    }
}

extension Data {
    mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}
