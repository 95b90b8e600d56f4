import Foundation
import Glibc

/// One socket as the kernel lists it in /proc/net: what the kernel view pane shows.
public struct KernelSocket: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Proto: String, Codable, Sendable { case tcp, tcp6, udp, udp6, unix }

    public var proto: Proto
    /// LISTEN, ESTABLISHED, TIME_WAIT … (for UDP: UNCONN or ESTABLISHED; unix: its type and state).
    public var state: String
    public var local: String
    public var remote: String
    /// For a listener: connections waiting in the accept queue. Otherwise bytes not yet read.
    public var receiveQueue: Int
    /// Bytes sent and not yet acknowledged (0 for a listener).
    public var sendQueue: Int
    /// For a listener, the accept queue's limit. /proc does not show it: the session fills
    /// it in from the listen() call, capped as the kernel caps it (net.core.somaxconn).
    public var backlog: Int?
    /// 0 when no descriptor owns the socket any more (TIME_WAIT, a connection not yet accepted).
    public var inode: UInt64
    public var localPort: UInt16?
    public var remotePort: UInt16?

    public init(proto: Proto, state: String, local: String, remote: String, receiveQueue: Int, sendQueue: Int,
                inode: UInt64, localPort: UInt16? = nil, remotePort: UInt16? = nil) {
        self.proto = proto; self.state = state; self.local = local; self.remote = remote
        self.receiveQueue = receiveQueue; self.sendQueue = sendQueue; self.inode = inode
        self.localPort = localPort; self.remotePort = remotePort
    }

    public var isListener: Bool { state == "LISTEN" }

    /// `tcp LISTEN 127.0.0.1:41237 accept-queue 2/5`, `tcp ESTABLISHED 127.0.0.1:53110 → 127.0.0.1:41237 recv-q 6`.
    public var description: String {
        let kind = proto.rawValue.hasPrefix("tcp") ? "tcp" : proto.rawValue.hasPrefix("udp") ? "udp" : "unix"
        if isListener { return "\(kind) LISTEN \(local) accept-queue \(receiveQueue)" + (backlog.map { "/\($0)" } ?? "") }
        var text = "\(kind) \(state) \(local)"
        if remote != "*" && !remote.isEmpty { text += " → \(remote)" }
        if receiveQueue > 0 { text += " recv-q \(receiveQueue)" }
        if sendQueue > 0 { text += " send-q \(sendQueue)" }
        return text
    }
}

/// Reads /proc/net/{tcp,tcp6,udp,udp6,unix}: no privileges needed, and it lists sockets no
/// descriptor owns any more (TIME_WAIT, connections waiting to be accepted).
public enum KernelSocketTable {
    static let tcpStateNames = ["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
                                "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"]

    /// The kernel's TCP state number (as in /proc/net/tcp, TCP_INFO and sock_diag) by name.
    public static func tcpState(_ code: Int) -> String {
        code >= 1 && code <= tcpStateNames.count ? tcpStateNames[code - 1] : "state \(code)"
    }

    /// Reads the tables of `protocols` only: /proc/net/tcp and tcp6 walk the kernel's whole
    /// connection hash table (about 4.6 ms each on this machine), so skip what is not needed.
    public static func read(root: String = "/proc/net", protocols: Set<KernelSocket.Proto> = [.tcp, .tcp6, .udp, .udp6, .unix]) -> [KernelSocket] {
        var all: [KernelSocket] = []
        for proto in [KernelSocket.Proto.tcp, .tcp6, .udp, .udp6] where protocols.contains(proto) {
            guard let text = readWhole("\(root)/\(proto.rawValue)") else { continue }
            all += text.split(separator: "\n").dropFirst().compactMap { parseInet(String($0), proto: proto) }
        }
        if protocols.contains(.unix), let text = readWhole("\(root)/unix") {
            all += text.split(separator: "\n").dropFirst().compactMap { parseUnix(String($0)) }
        }
        return all
    }

    /// /proc files report size 0 and come a page at a time: read until the end, not by size
    /// (Foundation's String(contentsOfFile:) stopped after the first page here). Its
    /// descriptor sits high, out of the lesson's numbers.
    public static func readWhole(_ path: String) -> String? {
        let fd = Kernel.ownDescriptor(open(path, O_RDONLY | O_CLOEXEC))
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            data += buffer[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `0: 0100007F:A1B5 00000000:0000 0A 00000000:00000005 …  inode`.
    public static func parseInet(_ line: String, proto: KernelSocket.Proto) -> KernelSocket? {
        let f = line.split(separator: " ", omittingEmptySubsequences: true)
        guard f.count >= 10 else { return nil }
        guard let local = address(f[1], v6: proto == .tcp6 || proto == .udp6),
              let remote = address(f[2], v6: proto == .tcp6 || proto == .udp6) else { return nil }
        let queues = f[4].split(separator: ":")
        guard queues.count == 2, let tx = Int(queues[0], radix: 16), let rx = Int(queues[1], radix: 16),
              let inode = UInt64(f[9]) else { return nil }
        let code = String(f[3])
        let state: String
        if proto == .udp || proto == .udp6 {
            state = code == "01" ? "ESTABLISHED" : "UNCONN"
        } else {
            state = Int(code, radix: 16).map(tcpState) ?? "state \(code)"
        }
        let remoteText = remote.port == 0 && (remote.host == "0.0.0.0" || remote.host == "::") ? "*" : remote.text
        return KernelSocket(proto: proto, state: state, local: local.text, remote: remoteText, receiveQueue: rx,
                            sendQueue: tx, inode: inode, localPort: local.port, remotePort: remote.port)
    }

    /// `Num RefCount Protocol Flags Type St Inode Path`.
    public static func parseUnix(_ line: String) -> KernelSocket? {
        let f = line.split(separator: " ", omittingEmptySubsequences: true)
        guard f.count >= 7, let type = Int(f[4], radix: 16), let st = Int(f[5], radix: 16), let inode = UInt64(f[6]) else { return nil }
        let flags = Int(f[3], radix: 16) ?? 0
        let typeName = [1: "STREAM", 2: "DGRAM", 5: "SEQPACKET"][type] ?? "type \(type)"
        // SS_UNCONNECTED 1, SS_CONNECTING 2, SS_CONNECTED 3, SS_DISCONNECTING 4; __SO_ACCEPTCON = listening.
        let state = flags & 0x10000 != 0 ? "LISTEN" : [1: "UNCONN", 2: "CONNECTING", 3: "CONNECTED", 4: "DISCONNECTING"][st] ?? "state \(st)"
        let path = f.count > 7 ? String(f[7]) : "(unnamed)"
        return KernelSocket(proto: .unix, state: state == "LISTEN" ? state : "\(typeName) \(state)", local: path, remote: "*",
                            receiveQueue: 0, sendQueue: 0, inode: inode)
    }

    /// `0100007F:A1B5` → 127.0.0.1:41397. Addresses are 32-bit words in host order.
    static func address(_ field: Substring, v6: Bool) -> (host: String, port: UInt16, text: String)? {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1], radix: 16) else { return nil }
        let hex = Array(parts[0])
        guard hex.count == (v6 ? 32 : 8) else { return nil }
        var bytes: [UInt8] = []
        for word in stride(from: 0, to: hex.count, by: 8) {
            guard let value = UInt32(String(hex[word..<(word + 8)]), radix: 16) else { return nil }
            // The kernel printed the word as it lies in memory, read in host order.
            bytes += withUnsafeBytes(of: value) { Array($0) }
        }
        let host: String
        if v6 {
            var storage = in6_addr()
            withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count))
            host = String(cBuffer: buffer)
        } else {
            host = bytes.map(String.init).joined(separator: ".")
        }
        return (host, port, v6 ? "[\(host)]:\(port)" : "\(host):\(port)")
    }
}
