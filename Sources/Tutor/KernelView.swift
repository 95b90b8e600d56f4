import Foundation
import Glibc
import SocketTrace

/// Picks the lesson's own sockets out of the kernel: those its descriptors own (TCP_INFO,
/// the queue ioctls, /proc/net by inode for UDP and unix), and TCP sockets no descriptor
/// owns any more but that sit on a port the lesson used (TIME_WAIT, connections waiting in
/// an accept queue), from sock_diag. Never another program's sockets.
final class KernelView {
    /// Every loopback port a lesson socket has had, so orphans stay recognisable after close.
    private(set) var ports: Set<UInt16> = []
    /// The kinds of socket the lesson has made: only those tables are read.
    private(set) var protocols: Set<KernelSocket.Proto> = []
    /// Without sock_diag, TCP comes from /proc/net/tcp as well (4.6 ms a read here).
    private let diagnostics = SocketDiagnostics()
    /// The calling thread's own network namespace: the lesson may run in a private one.
    private let procRoot = "/proc/thread-self/net"
    /// Socket inode → (family, type): asked once per socket.
    private var kinds: [UInt64: (family: Int32, type: Int32)] = [:]

    func noteSocket(family: AddressFamily, type: SocketType) {
        let stream = type.value == SocketType.stream.value
        switch family.value {
        case AddressFamily.inet.value: protocols.insert(stream ? .tcp : .udp)
        case AddressFamily.inet6.value: protocols.insert(stream ? .tcp6 : .udp6)
        case AddressFamily.unix.value: protocols.insert(.unix)
        default: break
        }
    }

    func snapshot(descriptors: [Int32]) -> [KernelSocket] {
        guard !protocols.isEmpty else { return [] }
        var rows: [KernelSocket] = []
        var others: [UInt64: Int32] = [:]  // UDP and unix sockets, found in /proc by inode
        for fd in descriptors {
            var st = stat()
            guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFSOCK else { continue }
            let inode = UInt64(st.st_ino)
            guard let kind = kinds[inode] ?? KernelProbe.kind(of: fd) else { continue }
            kinds[inode] = kind
            let tcp = (kind.family == AF_INET || kind.family == AF_INET6) && kind.type == SocketType.stream.value
            if tcp, diagnostics != nil, let row = KernelProbe.tcp(fd: fd, inode: inode) {
                rows.append(row)
            } else {
                others[inode] = fd
            }
        }
        for row in rows { if let port = row.localPort, port != 0 { ports.insert(port) } }
        var table: [KernelSocket] = []
        let tcpFamilies = [(KernelSocket.Proto.tcp, AF_INET), (.tcp6, AF_INET6)].filter { protocols.contains($0.0) }
        var fromProc = protocols.subtracting([.tcp, .tcp6])
        if let diagnostics {
            for (proto, family) in tcpFamilies where !ports.isEmpty {
                if let found = diagnostics.tcp(family: family, ports: ports) { table += found } else { fromProc.insert(proto) }
            }
        } else {
            fromProc.formUnion(tcpFamilies.map(\.0))
        }
        if !fromProc.isEmpty { table += KernelSocketTable.read(root: procRoot, protocols: fromProc) }
        for row in table where row.inode != 0 {
            guard others[row.inode] != nil else { continue }
            if let port = row.localPort, port != 0 { ports.insert(port) }
            rows.append(row)
        }
        for row in table where row.inode == 0 && row.proto != .unix {
            guard Self.isLoopback(row.local), Self.isLoopback(row.remote) else { continue }
            guard let local = row.localPort, let remote = row.remotePort,
                  ports.contains(local) || ports.contains(remote) else { continue }
            rows.append(row)
        }
        return rows.sorted { ($0.proto.rawValue, $0.local, $0.remote) < ($1.proto.rawValue, $1.local, $1.remote) }
    }

    static func isLoopback(_ endpoint: String) -> Bool {
        endpoint.hasPrefix("127.") || endpoint.hasPrefix("[::1]") || endpoint.hasPrefix("[::ffff:127.")
    }
}
