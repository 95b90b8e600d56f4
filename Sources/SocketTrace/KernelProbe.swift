import CSocketShims
import Glibc

/// Asks the kernel about sockets directly, without /proc: TCP_INFO and the queue ioctls for
/// a socket we hold, and sock_diag (netlink) for TCP sockets no descriptor holds any more.
/// Much cheaper than /proc/net/tcp, which walks and formats the whole connection table.
public enum KernelProbe {
    /// What kind of socket `fd` is: (family, type), or nil if it is not a socket.
    public static func kind(of fd: Int32) -> (family: Int32, type: Int32)? {
        var family: Int32 = 0, type: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &size) == 0 else { return nil }
        size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0 else { return nil }
        return (family, type)
    }

    /// A TCP socket we hold, as the kernel sees it: state from TCP_INFO (and for a listener
    /// its accept queue and limit), the queues from SIOCINQ/SIOCOUTQ, the names.
    public static func tcp(fd: Int32, inode: UInt64) -> (row: KernelSocket, local: SocketAddress?, remote: SocketAddress?)? {
        var info = tcp_info()
        var size = socklen_t(MemoryLayout<tcp_info>.size)
        guard getsockopt(fd, Int32(IPPROTO_TCP), TCP_INFO, &info, &size) == 0 else { return nil }
        let state = KernelSocketTable.tcpState(Int(info.tcpi_state))
        let local = name(fd, getsockname)
        let remote = name(fd, getpeername)
        let v6 = local?.family.value == AF_INET6
        var row = KernelSocket(proto: v6 ? .tcp6 : .tcp, state: state,
                               local: local?.hostAndPort ?? (v6 ? "[::]:0" : "0.0.0.0:0"),
                               remote: remote?.hostAndPort ?? "*", receiveQueue: 0, sendQueue: 0, inode: inode,
                               localPort: local?.port, remotePort: remote?.port ?? 0)
        if row.isListener {
            // For a listener the kernel reuses these two: the accept queue now, and its limit.
            row.receiveQueue = Int(info.tcpi_unacked)
            row.backlog = Int(info.tcpi_sacked)
        } else {
            var inq: Int32 = 0, outq: Int32 = 0
            if cst_queue_sizes(fd, &inq, &outq) == 0 { row.receiveQueue = Int(inq); row.sendQueue = Int(outq) }
        }
        return (row, local, remote)
    }

    private static func name(_ fd: Int32, _ call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(fd, $0, &length) }
        }
        return rc == 0 ? SocketAddress(storage: storage, length: length) : nil
    }
}

/// A netlink sock_diag socket: lists TCP sockets by port, including those no descriptor
/// owns (TIME_WAIT, FIN_WAIT2 after close, connections waiting to be accepted).
public final class SocketDiagnostics {
    private let fd: Int32

    /// Nil when this kernel has no sock_diag for TCP (then read /proc/net instead).
    public init?() {
        let fd = cst_diag_open()
        guard fd >= 0 else { return nil }
        self.fd = fd
    }

    deinit { close(fd) }

    /// TCP sockets of `family` (AF_INET or AF_INET6) with a local or remote port in `ports`.
    /// Nil if the kernel refused the request.
    public func tcp(family: Int32, ports: Set<UInt16>) -> [KernelSocket]? {
        let wanted = Array(ports.sorted().prefix(32))
        var rows = [cst_diag_row](repeating: cst_diag_row(), count: 256)
        let count = cst_diag_dump(fd, family, wanted, Int32(wanted.count), &rows, Int32(rows.count))
        guard count >= 0 else { return nil }
        return rows.prefix(Int(min(count, 256))).map(Self.socket)
    }

    /// The TCP socket with exactly this local and remote address: nil if there is none (or
    /// the kernel refused: `failed` tells).
    public func tcp(local: SocketAddress, remote: SocketAddress) -> (socket: KernelSocket?, failed: Bool) {
        guard let (family, src) = Self.bytes(local), let (_, dst) = Self.bytes(remote),
              let sport = local.port, let dport = remote.port else { return (nil, true) }
        var row = cst_diag_row()
        let rc = cst_diag_lookup(fd, family, src, sport, dst, dport, &row)
        return rc == 1 ? (Self.socket(row), false) : (nil, rc < 0)
    }

    private static func bytes(_ address: SocketAddress) -> (Int32, [UInt8])? {
        var storage = [UInt8](repeating: 0, count: 16)
        switch address {
        case .inet(let host, _): return inet_pton(AF_INET, host, &storage) == 1 ? (AF_INET, storage) : nil
        case .inet6(let host, _): return inet_pton(AF_INET6, host, &storage) == 1 ? (AF_INET6, storage) : nil
        default: return nil
        }
    }

    private static func socket(_ r: cst_diag_row) -> KernelSocket {
        var r = r
        let v6 = r.family == UInt8(AF_INET6)
        let local = Self.text(&r.src, port: r.sport, v6: v6)
        let remote = r.dport == 0 ? "*" : Self.text(&r.dst, port: r.dport, v6: v6)
        var row = KernelSocket(proto: v6 ? .tcp6 : .tcp, state: KernelSocketTable.tcpState(Int(r.state)),
                               local: local, remote: remote, receiveQueue: Int(r.rqueue), sendQueue: Int(r.wqueue),
                               inode: UInt64(r.inode), localPort: r.sport, remotePort: r.dport)
        if row.isListener { row.backlog = Int(r.wqueue); row.sendQueue = 0 }
        return row
    }

    private static func text<T>(_ bytes: inout T, port: UInt16, v6: Bool) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = withUnsafePointer(to: &bytes) { inet_ntop(v6 ? AF_INET6 : AF_INET, $0, &buffer, socklen_t(buffer.count)) }
        let host = String(cBuffer: buffer)
        return v6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
