import Foundation
import Glibc

/// The kernel settings a lesson may read, and the read itself. A lesson file is untrusted
/// input: it names a setting from this list, never a path, so it cannot read other files.
public enum KernelSetting {
    /// Whole-number settings the lessons explain (see tcp(7), ip(7)).
    public static let allowed: [String] = [
        "net.core.somaxconn",
        "net.ipv4.tcp_syn_retries",
        "net.ipv4.tcp_syn_linear_timeouts",
        "net.ipv4.tcp_synack_retries",
        "net.ipv4.tcp_max_syn_backlog",
        "net.ipv4.tcp_abort_on_overflow",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.ip_unprivileged_port_start",
    ]

    /// `net.ipv4.tcp_syn_retries` → `/proc/sys/net/ipv4/tcp_syn_retries`.
    public static func path(_ name: String) -> String {
        "/proc/sys/" + name.split(separator: ".").joined(separator: "/")
    }

    /// open, read, close, as Python's `int(open(path).read())` does. The value is the
    /// trimmed text and, parsed, the return value. A name off the list is EACCES unread.
    static func read(_ name: String) -> CallOutcome {
        guard allowed.contains(name) else { return CallOutcome(returnValue: -1, error: ErrnoValue(EACCES)) }
        let fd = open(path(name), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return CallOutcome(returnValue: -1, error: ErrnoValue(errno)) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        var count = 0
        while count < buffer.count {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return CallOutcome(returnValue: -1, error: ErrnoValue(errno)) }
            if n == 0 { break }
            count += n
        }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = Int(text) else { return CallOutcome(returnValue: -1, error: ErrnoValue(EINVAL)) }
        var o = CallOutcome(returnValue: value)
        o.value = text
        return o
    }
}
