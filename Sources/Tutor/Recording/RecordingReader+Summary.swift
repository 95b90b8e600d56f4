import Foundation
import Glibc

extension RecordingReader {
    /// What a list of recordings shows, read from the header line and the file's tail only
    /// (a list of fifty long sessions must not parse them all).
    public struct Summary: Sendable, Hashable {
        public var header: RecordingHeader
        /// Seconds from the start to the last whole event line.
        public var duration: Double
        public var end: RecordingEnd?
    }

    /// nil when the file is not a readable recording.
    public static func summary(path: String) -> Summary? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let head = readBytes(fd, at: 0, count: 64 << 10)
        guard let newline = head.firstIndex(of: 10), let value = try? JSONValue.parse(head[..<newline]),
              case .string(RecordingHeader.formatName)? = value["format"],
              case .int(Int64(RecordingVersion.current.major))? = value["version"]?["major"],
              let fields = try? JSONFields(value, context: "header"),
              let header = try? RecordingFormat.decodeHeader(fields) else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        let tailStart = max(newline + 1, size - (64 << 10))
        let tail = readBytes(fd, at: tailStart, count: size - tailStart)
        var duration = 0.0
        var end: RecordingEnd?
        // Whole lines only: the part before the tail's first newline may be a cut line.
        var lines = tail.split(separator: 10, omittingEmptySubsequences: true)
        if tailStart > newline + 1, !lines.isEmpty { lines.removeFirst() }
        for line in lines.reversed() {
            guard let v = try? JSONValue.parse(line) else { continue }
            if v["end"] != nil, end == nil, let f = try? JSONFields(v, context: "end") {
                end = try? RecordingFormat.decodeEnd(f)
                continue
            }
            if case .int(let ns)? = v["t_ns"] {
                duration = Double(ns) / 1e9
                break
            }
        }
        return Summary(header: header, duration: duration, end: end)
    }

    private static func readBytes(_ fd: Int32, at offset: Int, count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, count - got, off_t(offset + got)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        return Array(buffer[0..<got])
    }
}
