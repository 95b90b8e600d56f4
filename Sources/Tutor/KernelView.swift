import Foundation
import Glibc
import SocketTrace

/// Picks the lesson's own sockets out of /proc/net: those its descriptors own (by inode),
/// and those no descriptor owns any more but that sit on a port the lesson used (TIME_WAIT,
/// connections waiting in an accept queue). Never another program's sockets.
struct KernelView {
    /// Every loopback port a lesson socket has had, so orphans stay recognisable after close.
    private(set) var ports: Set<UInt16> = []
    /// The /proc tables worth reading: those of the families and types the lesson has made.
    private(set) var protocols: Set<KernelSocket.Proto> = []
    /// Listener fd → the accept queue's limit, from its listen() call.
    private var backlogs: [Int32: Int] = [:]
    private let somaxconn: Int = {
        let text = (try? String(contentsOfFile: "/proc/sys/net/core/somaxconn", encoding: .utf8)) ?? ""
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 4096
    }()

    /// The kernel uses min(backlog, somaxconn), and a negative backlog means somaxconn.
    mutating func noteListen(fd: Int32, backlog: Int32) {
        backlogs[fd] = backlog < 0 ? somaxconn : min(Int(backlog), somaxconn)
    }

    mutating func forget(fd: Int32) { backlogs[fd] = nil }

    mutating func noteSocket(family: AddressFamily, type: SocketType) {
        let stream = type.value == SocketType.stream.value
        switch family.value {
        case AddressFamily.inet.value: protocols.insert(stream ? .tcp : .udp)
        case AddressFamily.inet6.value: protocols.insert(stream ? .tcp6 : .udp6)
        case AddressFamily.unix.value: protocols.insert(.unix)
        default: break
        }
    }

    mutating func snapshot(descriptors: [Int32], root: String = "/proc/net") -> [KernelSocket] {
        var inodes: [UInt64: Int32] = [:]
        for fd in descriptors {
            var st = stat()
            if fstat(fd, &st) == 0 { inodes[UInt64(st.st_ino)] = fd }
        }
        guard !protocols.isEmpty else { return [] }
        let table = KernelSocketTable.read(root: root, protocols: protocols)
        var rows: [KernelSocket] = []
        for var row in table where row.inode != 0 {
            guard let fd = inodes[row.inode] else { continue }
            if let port = row.localPort, port != 0 { ports.insert(port) }
            if row.isListener { row.backlog = backlogs[fd] }
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
