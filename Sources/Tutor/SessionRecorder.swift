import Foundation
import Glibc
import SocketTrace

/// `learn --record FILE`: every event of the session, one `StampedEvent` per line as JSON
/// (its Codable form), written and flushed as it happens, so a checker (the Python truth
/// test) reads each step's real results. Provisional: issue 10 replaces the format.
public final class SessionRecorder: @unchecked Sendable {
    public struct OpenError: Error, CustomStringConvertible {
        public let path: String
        public let error: ErrnoValue
        public var description: String { "--record \(path): cannot write the record: \(error.name) (\(error.message))" }
    }

    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
    /// The first failed write, reported once by the caller.
    public private(set) var failure: ErrnoValue?

    public init(path: String) throws {
        // Non-blocking open: a FIFO with no reader must not hang the start-up.
        let fd = Kernel.ownDescriptor(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0o644))
        guard fd >= 0 else { throw OpenError(path: path, error: ErrnoValue(errno)) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    public func record(_ event: StampedEvent) {
        lock.lock(); defer { lock.unlock() }
        guard failure == nil, var line = try? encoder.encode(event) else { return }
        line.append(10)
        let ok = line.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        if !ok { failure = ErrnoValue(errno) }
    }
}
