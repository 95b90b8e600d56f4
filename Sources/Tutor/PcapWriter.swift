import Catalogue
import Foundation
import Glibc
import SocketTrace

/// Writes packets as a classic pcap file (nanosecond timestamps, Ethernet link type): what
/// tcpdump -r and Wireshark open. Each packet is written at once, so a crash loses nothing.
/// Every write is checked: the first failure is kept (`failure`), nothing more is written,
/// and the front end stops the run with it.
public final class PcapWriter: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var firstFailure: WriteError?

    public struct OpenError: MessageError {
        public let path: String
        public let error: ErrnoValue
        public var problem: Message {
            let hint: Message.Value = error.code == ENXIO && Self.isFIFO(path)
                ? .message(Message(.pcapFifoHint, ["path": .text(path)])) : ""
            return Message(.pcapCannotWrite, ["path": .text(path), "errno": .text(error.name), "reason": .text(error.message), "hint": hint])
        }
        static func isFIFO(_ path: String) -> Bool {
            var st = stat()
            return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO
        }
    }

    public struct WriteError: MessageError, Sendable {
        public let path: String
        public let error: ErrnoValue
        public var problem: Message {
            Message(.pcapWriteFailed, ["path": .text(path), "errno": .text(error.name), "reason": .text(error.message)])
        }
    }

    /// The first write that failed, if one did.
    public var failure: WriteError? { lock.lock(); defer { lock.unlock() }; return firstFailure }

    public init(path: String) throws {
        // O_NONBLOCK: a FIFO with no reader fails at once with ENXIO instead of hanging in open().
        let fd = Kernel.ownDescriptor(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0o644))
        guard fd >= 0 else { throw OpenError(path: path, error: ErrnoValue(errno)) }
        // Then blocking again, so a FIFO's slow reader gets every byte rather than EAGAIN.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        Kernel.ignoreSIGPIPE()  // a reader that goes away must be EPIPE, not a death
        self.path = path
        self.fd = fd
        var header = Data()
        header.append(le32: 0xa1b2_3c4d)  // nanosecond-resolution magic
        header.append(le16: 2); header.append(le16: 4)
        header.append(le32: 0); header.append(le32: 0)
        header.append(le32: 65535)
        header.append(le32: 1)  // LINKTYPE_ETHERNET: loopback frames carry a 14-byte Ethernet header
        write(header)
        if let failure { throw failure }  // /dev/full and the like: stop before the lesson
    }

    deinit { close(fd) }

    /// Writes one record; returns false once any write has failed (see `failure`).
    @discardableResult
    public func append(_ packet: Packet) -> Bool {
        var record = Data()
        record.append(le32: UInt32(truncatingIfNeeded: packet.seconds))
        record.append(le32: UInt32(truncatingIfNeeded: packet.nanoseconds))
        record.append(le32: UInt32(packet.frame.count))
        record.append(le32: UInt32(packet.wireLength))
        record.append(packet.frame)
        return write(record)
    }

    @discardableResult
    private func write(_ data: Data) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard firstFailure == nil else { return false }
        let code: Int32? = data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {  // a short write goes on from where it stopped
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return errno }
                if n == 0 { return EIO }  // no progress and no errno: never loop forever
                offset += n
            }
            return nil
        }
        if let code { firstFailure = WriteError(path: path, error: ErrnoValue(code)) }
        return code == nil
    }
}

extension Data {
    mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}
