import CSocketShims
import Foundation
import Glibc

/// An AF_PACKET socket on one interface (the loopback): every frame it carries, with the
/// kernel's timestamp. Needs CAP_NET_RAW in the network namespace of the calling thread.
public final class PacketCapture {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 65536 + 64)

    private init(fd: Int32) { self.fd = fd }

    /// The capture, or the errno of the call that failed (EPERM without CAP_NET_RAW).
    public static func open(interface: String = "lo", receiveBuffer: Int32 = 4 << 20) -> (PacketCapture?, ErrnoValue?) {
        let fd = cst_packet_open(interface, receiveBuffer)
        return fd >= 0 ? (PacketCapture(fd: fd), nil) : (nil, ErrnoValue(-fd))
    }

    deinit { close(fd) }

    /// Frames waiting now, loopback's second copy removed: each frame on `lo` is seen once
    /// leaving (PACKET_OUTGOING) and once arriving (PACKET_HOST); the leaving one is kept.
    public func drain(limit: Int = 4096) -> [RawFrame] {
        var frames: [RawFrame] = []
        var type: Int32 = 0, wire: Int32 = 0
        var sec: Int64 = 0, nsec: Int = 0
        while frames.count < limit {
            let n = cst_packet_next(fd, &buffer, Int32(buffer.count), &type, &sec, &nsec, &wire)
            guard n > 0 else { break }
            if type == 4 /* PACKET_OUTGOING */ {
                frames.append(RawFrame(bytes: Data(buffer[0..<Int(n)]), wireLength: Int(wire), seconds: sec, nanoseconds: Int32(nsec)))
            }
        }
        return frames
    }

    /// Frames the kernel dropped because this socket's buffer was full, since the last call.
    public func drops() -> Int {
        var packets: UInt32 = 0, drops: UInt32 = 0
        return cst_packet_stats(fd, &packets, &drops) == 0 ? Int(drops) : 0
    }
}
