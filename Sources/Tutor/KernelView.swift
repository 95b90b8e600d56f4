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
    /// TCP connections the lesson has had, looked up until the kernel forgets them.
    private var flows: Set<Flow> = []
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
        var owned: Set<Flow> = []
        var others: [UInt64: Int32] = [:]  // UDP and unix sockets (and TCP without sock_diag): by inode
        for fd in descriptors {
            var st = stat()
            guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFSOCK else { continue }
            let inode = UInt64(st.st_ino)
            guard let kind = kinds[inode] ?? KernelProbe.kind(of: fd) else { continue }
            kinds[inode] = kind
            let tcp = (kind.family == AF_INET || kind.family == AF_INET6) && kind.type == SocketType.stream.value
            if tcp, diagnostics != nil, let probed = KernelProbe.tcp(fd: fd, inode: inode) {
                rows.append(probed.row)
                if let local = probed.local, let remote = probed.remote, remote.port != 0 { owned.insert(Flow(local: local, remote: remote)) }
            } else {
                others[inode] = fd
            }
        }
        for row in rows { if let port = row.localPort, port != 0 { ports.insert(port) } }
        var fromProc = protocols.subtracting([.tcp, .tcp6])
        if let orphans = tcpOrphans(owned: owned, listeners: rows.filter(\.isListener)) {
            rows += orphans
        } else {
            fromProc.formUnion(protocols.intersection([.tcp, .tcp6]))
        }
        let table = fromProc.isEmpty ? [] : KernelSocketTable.read(root: procRoot, protocols: fromProc)
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

    /// TCP sockets of the lesson that no descriptor holds: exact sock_diag lookups of every
    /// connection the lesson has had (closed ones linger in FIN_WAIT or TIME_WAIT) and of the
    /// far end of its own connections (waiting to be accepted). A dump by port only when a
    /// listener holds more waiting connections than that found (a client from outside).
    /// Nil when sock_diag is missing or refuses: the caller reads /proc instead.
    private func tcpOrphans(owned: Set<Flow>, listeners: [KernelSocket]) -> [KernelSocket]? {
        guard let diagnostics else { return nil }
        var found: [KernelSocket] = []
        let candidates = flows.union(owned.map(\.reversed)).subtracting(owned)
        for flow in candidates {
            let (socket, failed) = diagnostics.tcp(local: flow.local, remote: flow.remote)
            if failed { return nil }
            // Gone, or another program's socket (a learner's own client): stop asking.
            guard let socket, socket.inode == 0 else { flows.remove(flow); continue }
            flows.insert(flow)
            found.append(socket)
        }
        flows.formUnion(owned)
        for listener in listeners {
            guard let port = listener.localPort else { continue }
            let waiting = found.filter { $0.localPort == port }.count
            guard listener.receiveQueue > waiting else { continue }
            let family = listener.proto == .tcp6 ? AF_INET6 : AF_INET
            guard let dumped = diagnostics.tcp(family: family, ports: [port]) else { return nil }
            for socket in dumped where socket.inode == 0 && socket.localPort == port && !found.contains(socket) {
                found.append(socket)
                if let flow = Flow(socket) { flows.insert(flow) }
            }
        }
        return found
    }

    static func isLoopback(_ endpoint: String) -> Bool {
        endpoint.hasPrefix("127.") || endpoint.hasPrefix("[::1]") || endpoint.hasPrefix("[::ffff:127.")
    }
}

/// One TCP connection, from one end.
struct Flow: Hashable {
    var local: SocketAddress
    var remote: SocketAddress

    var reversed: Flow { Flow(local: remote, remote: local) }

    init(local: SocketAddress, remote: SocketAddress) { self.local = local; self.remote = remote }

    init?(_ socket: KernelSocket) {
        guard let local = SocketAddress(parsing: socket.local), let remote = SocketAddress(parsing: socket.remote) else { return nil }
        self.init(local: local, remote: remote)
    }
}
