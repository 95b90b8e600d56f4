import Catalogue
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
            throw RecordingError(file: path, line: nil, Message(.cannotOpen, ["reason": .errno(e)]))
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw RecordingError(file: path, line: nil, Message(.isDirectory))
        }
        var bytes: [UInt8] = []
        // One allocation for a regular file (growing by doubling copied 13 MB twice over).
        if (info.st_mode & S_IFMT) == S_IFREG { bytes.reserveCapacity(min(Int(info.st_size), maximumFileBytes) + 1) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let e = errno
                throw RecordingError(file: path, line: nil, Message(.cannotRead, ["reason": .errno(e)]))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maximumFileBytes {
                throw RecordingError(file: path, line: nil, Message(.tooLarge, ["mib": .of(maximumFileBytes >> 20)]))
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

/// One event line decoded on its own, before the checks that need the lines before it.
/// Pure, so lines are decoded on several threads at once.
private enum DecodedLine: Sendable {
    case notJSON(Message)
    case end(RecordingEnd)
    /// seq and t_ns read; `event` nil for an unknown kind (skipped), `failure` for damage.
    case event(sequence: Int, offset: UInt64, kind: String, event: SessionEvent?, failure: Message?)
    case bad(Message)

    init(_ line: UnsafeBufferPointer<UInt8>) {
        let value: JSONValue
        do { value = try JSONValue.parse(line) } catch { self = .notJSON(error.located); return }
        do {
            let f = try JSONFields(value, context: "line")
            if f.has("end") { self = .end(try RecordingFormat.decodeEnd(f)); return }
            let sequence = try f.int("seq", as: Int.self)
            let offset = try f.int("t_ns", as: UInt64.self)
            let kind = try f.string("kind")
            do {
                self = .event(sequence: sequence, offset: offset, kind: kind,
                              event: try RecordingFormat.decodeEvent(JSONFields(value, context: kind), kind: kind), failure: nil)
            } catch {
                self = .event(sequence: sequence, offset: offset, kind: kind, event: nil, failure: error.problem)
            }
        } catch {
            self = .bad(error.problem)
        }
    }
}

/// Where decoded lines are put by the threads that decode them.
/// Each thread decodes one contiguous share of the lines into its own slots; the bytes are
/// only read.
private final class DecodedLines: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<DecodedLine?>
    let buffer: UnsafeBufferPointer<UInt8>
    let ranges: [Range<Int>]
    init(buffer: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>]) {
        self.buffer = buffer
        self.ranges = ranges
        slots = .allocate(capacity: ranges.count)
        slots.initialize(repeating: nil)
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    func decode(worker: Int, of workers: Int) {
        // Locals: reading the class's array in the loop would retain it from every thread.
        let ranges = self.ranges, buffer = self.buffer, slots = self.slots
        let share = (ranges.count + workers - 1) / workers
        ranges.withUnsafeBufferPointer { ranges in
            for i in max(1, worker * share)..<min(ranges.count, (worker + 1) * share) where ranges[i].count <= RecordingReader.maximumLineBytes {
                slots[i] = DecodedLine(UnsafeBufferPointer(rebasing: buffer[ranges[i]]))
            }
        }
    }
}

/// One read: the lines found, the header, then the events checked in order.
private struct LineParser {
    let file: String
    var header: RecordingHeader?
    var events: [StampedEvent] = []
    var end: RecordingEnd?
    var warnings: [Message] = []
    var lastSequence = 0
    var lastOffset: UInt64 = 0

    init(file: String) { self.file = file }

    func fail(_ line: Int?, _ problem: RecordingProblem, _ values: [String: Message.Value] = [:]) -> RecordingError {
        RecordingError(file: file, line: line, Message(problem, values))
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) throws(RecordingError) {
        guard !buffer.isEmpty, let base = buffer.baseAddress else { throw fail(nil, .fileEmpty) }
        // Line ranges first (memchr), so that lines can be decoded in parallel.
        var ranges: [Range<Int>] = []
        var start = 0
        while start < buffer.count {
            let found = memchr(base + start, 10, buffer.count - start)
            let stop = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? buffer.count
            ranges.append(start..<stop)
            start = stop + 1
        }
        let lastTerminated = buffer.last == 10
        for (i, range) in ranges.enumerated() where range.count > RecordingReader.maximumLineBytes {
            // Reported in order below, unless an earlier line fails first.
            ranges[i] = range.lowerBound..<(range.lowerBound + RecordingReader.maximumLineBytes + 1)
        }
        let first = UnsafeBufferPointer(rebasing: buffer[ranges[0]])
        guard ranges[0].count <= RecordingReader.maximumLineBytes, let value = try? JSONValue.parse(first) else { throw notARecording() }
        header = try readHeader(value)

        let decoded = DecodedLines(buffer: buffer, ranges: ranges)
        let workers = ranges.count > 2000 ? max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)) : 1
        DispatchQueue.concurrentPerform(iterations: workers) { decoded.decode(worker: $0, of: workers) }
        events.reserveCapacity(ranges.count)
        for number in 2...max(2, ranges.count) where number <= ranges.count {
            let range = ranges[number - 1]
            guard range.count <= RecordingReader.maximumLineBytes, let line = decoded.slots[number - 1] else {
                throw fail(number, .lineTooLong, ["mib": .of(RecordingReader.maximumLineBytes >> 20)])
            }
            if end != nil { throw fail(number, .linesAfterEnd) }
            try take(line, line: number, isLast: number == ranges.count, terminated: number < ranges.count || lastTerminated)
            if case .notJSON = line { return }  // a cut last line, forgiven by take
        }
    }

    func notARecording() -> RecordingError {
        fail(1, .notARecording, ["header": "{\"format\":\"sockettutor-recording\",…}"])
    }

    func readHeader(_ value: JSONValue) throws(RecordingError) -> RecordingHeader {
        guard case .string(RecordingHeader.formatName)? = value["format"] else { throw notARecording() }
        guard case .int(let major)? = value["version"]?["major"], case .int(let minor)? = value["version"]?["minor"] else {
            throw fail(1, .badVersion, ["example": "{\"major\":N,\"minor\":N}"])
        }
        let current = RecordingVersion.current
        if major != Int64(current.major) {
            throw fail(1, major > Int64(current.major) ? .versionNewer : .versionOlder,
                       ["version": "\(major).\(minor)", "major": .of(current.major)])
        }
        do { return try RecordingFormat.decodeHeader(JSONFields(value, context: "header")) } catch {
            throw RecordingError(file: file, line: 1, error.problem)
        }
    }

    mutating func take(_ decoded: DecodedLine, line: Int, isLast: Bool, terminated: Bool) throws(RecordingError) {
        switch decoded {
        case .notJSON(let problem):
            // Killed in the middle of writing its last line: keep what came before it.
            if isLast && !terminated {
                warnings.append(Message(.lastLineCut, ["file": .text(file), "line": .of(line), "events": .of(events.count)]))
                return
            }
            throw fail(line, .notJSONLine, ["problem": .message(problem)])
        case .bad(let problem):
            throw RecordingError(file: file, line: line, problem)
        case .end(let record):
            guard record.eventCount == lastSequence else {
                throw fail(line, .endCountMismatch, ["counted": .of(record.eventCount), "held": .of(lastSequence)])
            }
            end = record
        case .event(let sequence, let offset, let kind, let event, let failure):
            guard sequence == lastSequence + 1 else {
                let why = Message(sequence <= lastSequence ? .eventDuplicated : .eventsMissing)
                throw fail(line, .eventOutOfOrder, ["number": .of(sequence), "expected": .of(lastSequence + 1), "why": .message(why)])
            }
            guard offset >= lastOffset else { throw fail(line, .timeBackwards, ["offset": .of(offset), "last": .of(lastOffset)]) }
            if let failure { throw RecordingError(file: file, line: line, failure) }
            lastSequence = sequence
            lastOffset = offset
            guard let event else { return }  // a kind this version does not know
            if events.isEmpty, case .started = event {} else if events.isEmpty {
                throw fail(line, .firstEventNotStarted, ["kind": .text(String(kind.prefix(40)))])
            }
            events.append(StampedEvent(sequence: sequence, offsetNanoseconds: offset, event: event))
        }
    }

    func result() -> Recording {
        var warnings = self.warnings
        if end == nil {
            warnings.append(Message(.noEndRecord, ["file": .text(file)]))
        }
        return Recording(header: header!, events: events, end: end, notices: warnings)
    }
}
