import Catalogue
import Foundation
import Glibc
import SocketTrace

/// Writes one session as a recording (docs/recording-format.md): the header when made, each
/// event as it happens — one write(2) a line, so a crash or kill loses at most the line
/// being written — and the end record when the session ends. The user's home directory is
/// written as `~` wherever a text holds it (a unix socket path under a TMPDIR in $HOME).
public final class RecordingWriter: @unchecked Sendable {
    public struct OpenError: Error, CustomStringConvertible {
        public let path: String
        public let error: ErrnoValue
        public var problem: Message {
            Message(.cannotWrite, ["path": .text(path), "errno": .text(error.name), "reason": .text(error.message)])
        }
        public var description: String { problem.description }
    }

    /// A store's failure as a message: the writer's own, else the system's words as they are.
    static func explain(_ error: any Error) -> Message.Value {
        if let error = error as? OpenError { return .message(error.problem) }
        return .text("\(error)")
    }

    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private let home: String?
    private var written = 0
    private var ended = false
    /// The first failed write; nothing more is written after it.
    public private(set) var failure: ErrnoValue?

    /// `mode` 0o600 for the automatic store (a learner's own sessions), 0o644 for `--record`.
    public init(path: String, header: RecordingHeader, mode: mode_t = 0o644,
                home: String? = ProcessInfo.processInfo.environment["HOME"]) throws(OpenError) {
        // Non-blocking open: a FIFO with no reader must not hang the start-up.
        let fd = Kernel.ownDescriptor(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, mode))
        guard fd >= 0 else { throw OpenError(path: path, error: ErrnoValue(errno)) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.path = path
        self.fd = fd
        self.home = home.flatMap { $0.count > 1 ? ($0.hasSuffix("/") ? String($0.dropLast()) : $0) : nil }
        lock.lock(); defer { lock.unlock() }
        writeLine(RecordingFormat.encode(header))
        if let failure { throw OpenError(path: path, error: failure) }
    }

    deinit { close(fd) }

    public func record(_ event: StampedEvent) {
        lock.lock(); defer { lock.unlock() }
        guard !ended else { return }
        written += 1
        writeLine(RecordingFormat.encode(event))
    }

    /// The end record; later events and a second call are ignored.
    public func finish(_ ending: RecordingEnd.Ending) {
        lock.lock(); defer { lock.unlock() }
        guard !ended else { return }
        ended = true
        writeLine(RecordingFormat.encode(RecordingEnd(eventCount: written, ending: ending)))
    }

    private func writeLine(_ value: JSONValue) {
        guard failure == nil else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        value.write(into: &bytes)
        if let home { bytes = Self.redacting(home, in: bytes) }
        bytes.append(10)
        let ok = bytes.withUnsafeBytes { raw -> Bool in
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

    /// `home` followed by `/` or the end of a JSON string becomes `~`.
    static func redacting(_ home: String, in line: [UInt8]) -> [UInt8] {
        let needle = Array(home.utf8)
        guard let first = needle.first else { return line }
        // Where `home` starts, found with memchr: this runs for every line written.
        var hits: [Int] = []
        line.withUnsafeBufferPointer { l in
            needle.withUnsafeBufferPointer { n in
                guard let base = l.baseAddress else { return }
                var at = 0
                while at + n.count <= l.count, let p = memchr(base + at, Int32(first), l.count - at) {
                    let i = UnsafeRawPointer(p) - UnsafeRawPointer(base)
                    guard i + n.count <= l.count else { break }
                    if memcmp(base + i, n.baseAddress!, n.count) == 0 {
                        let after = i + n.count < l.count ? l[i + n.count] : 0
                        if after == UInt8(ascii: "/") || after == UInt8(ascii: "\"") { hits.append(i); at = i + n.count; continue }
                    }
                    at = i + 1
                }
            }
        }
        guard !hits.isEmpty else { return line }
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var from = 0
        for hit in hits {
            out.append(contentsOf: line[from..<hit])
            out.append(UInt8(ascii: "~"))
            from = hit + needle.count
        }
        out.append(contentsOf: line[from...])
        return out
    }
}
