import Catalogue
import SocketTrace

/// A socket of the kernel's table in the learner's language. States (LISTEN, TIME_WAIT …),
/// addresses and protocol names stay as /proc/net and ss print them; the words around them
/// are the interface's. In English it is exactly `KernelSocket.description`.
public enum KernelWords {
    public static func line(_ row: KernelSocket, _ w: Words) -> String {
        let kind = row.proto.rawValue.hasPrefix("tcp") ? "tcp" : row.proto.rawValue.hasPrefix("udp") ? "udp" : "unix"
        if row.isListener { return "\(kind) LISTEN \(row.local) \(w(.acceptQueue)) \(row.receiveQueue)" + (row.backlog.map { "/\($0)" } ?? "") }
        var text = "\(kind) \(row.state) \(row.local)"
        if row.remote != "*" && !row.remote.isEmpty { text += " → \(row.remote)" }
        if row.receiveQueue > 0 { text += " \(w(.recvQueue)) \(row.receiveQueue)" }
        if row.sendQueue > 0 { text += " \(w(.sendQueue)) \(row.sendQueue)" }
        return text
    }
}
