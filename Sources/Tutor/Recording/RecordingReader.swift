import Foundation
import Glibc

/// Reads a recording (docs/recording-format.md) whole, checking every line: the header
/// first, then events with dense sequence numbers and times that never go back, then the
/// end record. Unknown event kinds and fields are skipped; an unknown major version, a
/// malformed line, events out of order or duplicated are refused with `FILE:LINE: …`.
/// A last line cut short is forgiven with a warning (the program was killed mid-write).
public enum RecordingReader {
    /// Bounds that keep a hostile file from taking unbounded memory.
    public static let maximumFileBytes = 256 << 20
    public static let maximumLineBytes = 1 << 20

    public static func read(path: String) throws(RecordingError) -> Recording {
        try parse(try contents(of: path), file: path)
    }

    /// The file's bytes, refused past `maximumFileBytes` (read no further than that).
    static func contents(of path: String) throws(RecordingError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            throw RecordingError(file: path, line: nil, message: "cannot open: \(String(cString: strerror(e)))")
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw RecordingError(file: path, line: nil, message: "is a directory, not a recording")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let e = errno
                throw RecordingError(file: path, line: nil, message: "cannot read: \(String(cString: strerror(e)))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maximumFileBytes {
                throw RecordingError(file: path, line: nil, message: "larger than \(maximumFileBytes >> 20) MiB: not a recording this program wrote")
            }
        }
        return bytes
    }

    public static func parse(_ data: Data, file: String) throws(RecordingError) -> Recording {
        try parse(Array(data), file: file)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(RecordingError) -> Recording {
        var parser = LineParser(file: file)
        try bytes.withUnsafeBufferPointer { (buffer) throws(RecordingError) in try parser.run(buffer) }
        return parser.result()
    }
}

/// The line-by-line state of one read.
private struct LineParser {
    let file: String
    var header: RecordingHeader?
    var events: [StampedEvent] = []
    var end: RecordingEnd?
    var warnings: [String] = []
    var lastSequence = 0
    var lastOffset: UInt64 = 0

    init(file: String) { self.file = file }

    func fail(_ line: Int?, _ message: String) -> RecordingError { RecordingError(file: file, line: line, message: message) }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) throws(RecordingError) {
        guard !buffer.isEmpty else { throw fail(nil, "the file is empty: not a recording") }
        var start = 0
        var number = 0
        while start < buffer.count {
            number += 1
            var stop = start
            while stop < buffer.count && buffer[stop] != 10 { stop += 1 }
            let terminated = stop < buffer.count
            let line = UnsafeBufferPointer(rebasing: buffer[start..<stop])
            start = stop + 1
            guard line.count <= RecordingReader.maximumLineBytes else {
                throw fail(number, "the line is \(line.count) bytes; a recording line is at most \(RecordingReader.maximumLineBytes >> 20) MiB")
            }
            if end != nil { throw fail(number, "more lines after the end record: the end record must be the last line") }
            let value: JSONValue
            do {
                value = try JSONValue.parse(line)
            } catch {
                if number == 1 { throw notARecording() }
                // Killed in the middle of writing its last line: keep what came before it.
                if !terminated {
                    warnings.append("\(file):\(number): the last line was cut short (the program stopped while writing it); replaying the \(events.count) events before it")
                    return
                }
                throw fail(number, "not a valid JSON line (\(error)); expected one event object")
            }
            if number == 1 { header = try readHeader(value); continue }
            try take(value, line: number)
        }
        if header == nil { throw notARecording() }
    }

    func notARecording() -> RecordingError {
        fail(1, "not a sockettutor recording: the first line should be its header, {\"format\":\"sockettutor-recording\",…}")
    }

    func readHeader(_ value: JSONValue) throws(RecordingError) -> RecordingHeader {
        guard case .string(RecordingHeader.formatName)? = value["format"] else { throw notARecording() }
        guard case .int(let major)? = value["version"]?["major"], case .int(let minor)? = value["version"]?["minor"] else {
            throw fail(1, "the header's version should be {\"major\":N,\"minor\":N}")
        }
        let current = RecordingVersion.current
        if major != Int64(current.major) {
            let newer = major > Int64(current.major)
            throw fail(1, "recording format \(major).\(minor) is \(newer ? "newer than" : "older than") the \(current.major).x this program reads"
                       + (newer ? ": update sockettutor to replay it" : ""))
        }
        do { return try RecordingFormat.decodeHeader(JSONFields(value, context: "header")) } catch {
            throw fail(1, error.description)
        }
    }

    mutating func take(_ value: JSONValue, line: Int) throws(RecordingError) {
        do {
            let f = try JSONFields(value, context: "line")
            if f.has("end") {
                let record = try RecordingFormat.decodeEnd(f)
                guard record.eventCount == lastSequence else {
                    throw fail(line, "the end record counts \(record.eventCount) events, but the file holds \(lastSequence)")
                }
                end = record
                return
            }
            let sequence = try f.int("seq", as: Int.self)
            guard sequence == lastSequence + 1 else {
                let what = sequence <= lastSequence ? "duplicated or out of order" : "missing events before it"
                throw fail(line, "event number \(sequence) where \(lastSequence + 1) was expected (\(what))")
            }
            let offset = try f.int("t_ns", as: UInt64.self)
            guard offset >= lastOffset else {
                throw fail(line, "time goes backwards: \(offset) ns after \(lastOffset) ns")
            }
            lastSequence = sequence
            lastOffset = offset
            let kind = try f.string("kind")
            guard let event = try RecordingFormat.decodeEvent(JSONFields(value, context: kind), kind: kind) else { return }
            if events.isEmpty, case .started = event {} else if events.isEmpty {
                throw fail(line, "the first event should be lesson_started, not \(kind.prefix(40))")
            }
            events.append(StampedEvent(sequence: sequence, offsetNanoseconds: offset, event: event))
        } catch let error as RecordingError {
            throw error
        } catch {
            throw fail(line, "\(error)")
        }
    }

    func result() -> Recording {
        var warnings = self.warnings
        if end == nil {
            warnings.append("\(file): no end record: the session was cut short (the program was killed or crashed, or the disk filled)")
        }
        return Recording(header: header!, events: events, end: end, warnings: warnings)
    }
}
