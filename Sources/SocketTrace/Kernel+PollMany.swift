import Glibc

extension Kernel {
    /// poll(2) over several descriptors with one array, as a poll loop makes it. The ready
    /// entries are kept in strace's form, `[{fd=5, revents=POLLIN}, {fd=7, revents=POLLIN|POLLHUP}]`.
    static func pollMany(_ fds: [Int32], _ events: PollEvents, _ timeout: Int32) -> CallOutcome {
        var entries = fds.map { pollfd(fd: $0, events: events.rawValue, revents: 0) }
        let count = nfds_t(entries.count)
        var o = outcome(entries.withUnsafeMutableBufferPointer { buffer in
            retryingEINTR { Int(Glibc.poll(buffer.baseAddress, count, timeout)) }
        })
        if o.error == nil {
            let ready = entries.filter { $0.revents != 0 }
            o.value = "[" + ready.map { "{fd=\($0.fd), revents=\(PollEvents(rawValue: $0.revents))}" }.joined(separator: ", ") + "]"
        }
        return o
    }

    /// The descriptors a `pollMany` outcome's value names as ready, in order.
    public static func readyDescriptors(_ value: String?) -> [Int32] {
        guard let value else { return [] }
        return value.split(separator: "{").compactMap { part in
            guard part.hasPrefix("fd=") else { return nil }
            return Int32(part.dropFirst(3).prefix { $0.isNumber })
        }
    }
}
