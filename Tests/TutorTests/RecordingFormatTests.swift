import Foundation
import SocketTrace
import Testing
@testable import Tutor

@Suite struct RecordingFormatTests {
    func read(_ text: String, file: String = "rec.jsonl") throws(RecordingError) -> Recording {
        try RecordingReader.parse(Data(text.utf8), file: file)
    }

    @Test func everyEventKindAndCallReadsBackAsWritten() throws {
        let recording = try read(RecordingSamples.text())
        #expect(recording.events == RecordingSamples.stamped)
        #expect(recording.header == RecordingSamples.header())
        #expect(recording.end == RecordingEnd(eventCount: RecordingSamples.stamped.count, ending: .finished))
        #expect(recording.warnings.isEmpty)
    }

    @Test(arguments: [RecordingEnd.Ending.finished, .left, .signal(15)])
    func theEndRecordSaysHowTheSessionEnded(_ ending: RecordingEnd.Ending) throws {
        #expect(try read(RecordingSamples.text(ending: ending)).end?.ending == ending)
    }

    @Test func eachLineIsOneObjectWithSequenceTimeAndKindFirst() throws {
        let lines = try RecordingSamples.text().split(separator: "\n")
        #expect(lines.count == RecordingSamples.stamped.count + 2)
        #expect(lines[0].hasPrefix(#"{"format":"sockettutor-recording","version":{"major":1,"minor":0}"#))
        #expect(lines[1].hasPrefix(#"{"seq":1,"t_ns":0,"kind":"lesson_started""#))
        #expect(lines.last == #"{"end":"finished","events":\#(RecordingSamples.stamped.count)}"#)
        // Chinese stays readable; control characters are escaped, so no line breaks inside.
        #expect(lines[1].contains("套接字 \\\"quoted\\\"\\n"))
    }

    @Test func theHomeDirectoryIsWrittenAsTilde() throws {
        let event = StampedEvent(sequence: 1, offsetNanoseconds: 0, event: .started(LessonInfo(id: "x", title: "t", language: "en", actors: [], stepCount: 0)))
        let bind = StampedEvent(sequence: 2, offsetNanoseconds: 1, event: .callStarted(CallStarted(callID: 1, actor: "server", stepID: "s",
            call: .bind(fd: 3, address: .unix(path: "/home/ada/tmp/sockettutor.x/echo")))))
        let text = try RecordingSamples.text(events: [event, bind], home: "/home/ada")
        #expect(!text.contains("/home/ada"))
        #expect(text.contains(#""path":"~/tmp/sockettutor.x/echo""#))
        // Only whole path components: /home/adam is someone else's.
        #expect(RecordingWriter.redacting("/home/ada", in: Array(#"["/home/adam/x"]"#.utf8)) == Array(#"["/home/adam/x"]"#.utf8))
    }

    @Test func unknownEventKindsAndFieldsAreSkipped() throws {
        var lines = try RecordingSamples.text(events: Array(RecordingSamples.stamped.prefix(3)), ending: nil).split(separator: "\n").map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: #""kind":"#, with: #""future_field":[1,{"a":null}],"kind":"#)
        lines.append(#"{"seq":4,"t_ns":5000,"kind":"quiz_answered","question":"q1"}"#)
        lines.append(#"{"end":"left","events":4,"reason":"new in 1.1"}"#)
        lines[0] = lines[0].replacingOccurrences(of: #""minor":0"#, with: #""minor":7"#)
        let recording = try read(lines.joined(separator: "\n") + "\n")
        #expect(recording.events == Array(RecordingSamples.stamped.prefix(3)))
        #expect(recording.header.version == RecordingVersion(major: 1, minor: 7))
        #expect(recording.end?.ending == .left)
    }

    @Test func anUnknownMajorVersionIsRefusedNamingBoth() throws {
        let text = try RecordingSamples.text().replacingOccurrences(of: #""major":1"#, with: #""major":2"#)
        let error = try #require(throws: RecordingError.self) { try read(text) }
        #expect(error.line == 1)
        #expect(error.description.contains("2.0") && error.description.contains("1.x"))
    }

    @Test func aCutLastLineIsForgivenWithAWarning() throws {
        let text = try RecordingSamples.text(ending: nil)
        let cut = String(text.dropLast(20))
        let recording = try read(cut)
        #expect(recording.events.count == RecordingSamples.stamped.count - 1)
        #expect(recording.end == nil)
        #expect(recording.warnings.contains { $0.contains("rec.jsonl:\(RecordingSamples.stamped.count + 1): the last line was cut short") })
        #expect(recording.warnings.contains { $0.contains("no end record") })
    }

    @Test func aRecordingWithoutItsEndRecordSaysItWasCutShort() throws {
        let recording = try read(RecordingSamples.text(ending: nil))
        #expect(recording.events.count == RecordingSamples.stamped.count)
        #expect(recording.warnings == ["rec.jsonl: no end record: the session was cut short (the program was killed or crashed, or the disk filled)"])
    }

    struct Damage: CustomTestStringConvertible, Sendable {
        var name: String
        var change: @Sendable ([String]) -> [String]
        var line: Int?
        var says: String
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(name: "empty file", change: { _ in [] }, line: nil, says: "empty"),
        Damage(name: "not JSON", change: { _ in ["hello world"] }, line: 1, says: "not a sockettutor recording"),
        Damage(name: "JSON, not ours", change: { _ in [#"{"version": 2, "width": 80}"#] }, line: 1, says: "not a sockettutor recording"),
        Damage(name: "binary", change: { _ in ["\u{7f}ELF\u{2}\u{1}\u{1}\u{0}"] }, line: 1, says: "not a sockettutor recording"),
        Damage(name: "malformed middle line", change: { var l = $0; l[3] = "{\"seq\":3,"; return l }, line: 4, says: "not a valid JSON line"),
        Damage(name: "wrong type", change: { var l = $0; l[8] = l[8].replacingOccurrences(of: #""call_id":1"#, with: #""call_id":"1""#); return l },
               line: 9, says: "call_id: expected an integer, found a string"),
        Damage(name: "missing field", change: { var l = $0; l[8] = l[8].replacingOccurrences(of: #""actor":"server","#, with: ""); return l },
               line: 9, says: "'actor'"),
        Damage(name: "duplicated line", change: { var l = $0; l.insert(l[4], at: 5); return l }, line: 6, says: "duplicated or out of order"),
        Damage(name: "swapped lines", change: { var l = $0; l.swapAt(4, 5); return l }, line: 5, says: "was expected"),
        Damage(name: "deleted line", change: { var l = $0; l.remove(at: 4); return l }, line: 5, says: "missing events"),
        Damage(name: "time going back", change: { var l = $0; l[6] = l[6].replacingOccurrences(of: #""t_ns":5000"#, with: #""t_ns":1"#); return l },
               line: 7, says: "time goes backwards"),
        Damage(name: "lines after the end", change: { $0 + [$0[3]] }, line: RecordingSamples.stamped.count + 3, says: "after the end record"),
        Damage(name: "end count wrong", change: { var l = $0; l[l.count - 1] = #"{"end":"finished","events":2}"#; return l },
               line: RecordingSamples.stamped.count + 2, says: "counts 2 events"),
        Damage(name: "first event not lesson_started", change: { var l = $0; l.remove(at: 1); return l.enumerated().map { i, s in
                   i == 0 ? s : s.replacingOccurrences(of: #"{"seq":\#(i + 1),"#, with: #"{"seq":\#(i),"#) } },
               line: 2, says: "the first event should be lesson_started"),
        Damage(name: "unknown call", change: { var l = $0; l[8] = l[8].replacingOccurrences(of: #""op":"socket""#, with: #""op":"execve""#); return l },
               line: 9, says: "unknown call 'execve'"),
        Damage(name: "a line over 1 MiB", change: { var l = $0; l[3] = #"{"seq":3,"t_ns":0,"kind":"notice","text":""# + String(repeating: "a", count: 1 << 20) + "\"}"; return l },
               line: 4, says: "at most 1 MiB"),
        Damage(name: "nested too deep", change: { var l = $0; l[3] = String(repeating: "[", count: 100) + String(repeating: "]", count: 100); return l },
               line: 4, says: "nested more than"),
        Damage(name: "a lone surrogate", change: { var l = $0; l[3] = l[3].replacingOccurrences(of: #""kind":"#, with: #""x":"\ud800","kind":"#); return l },
               line: 4, says: "surrogate"),
    ]

    @Test(arguments: damages)
    func aDamagedRecordingIsRefusedNamingTheLine(_ damage: Damage) throws {
        let lines = try RecordingSamples.text().split(separator: "\n").map(String.init)
        let damaged = damage.change(lines)
        let text = damaged.isEmpty ? "" : damaged.joined(separator: "\n") + "\n"
        let error = try #require(throws: RecordingError.self) { try read(text) }
        #expect(error.line == damage.line, "\(error)")
        #expect(error.description.contains(damage.says), "\(error)")
        #expect(error.description.hasPrefix("rec.jsonl" + (damage.line.map { ":\($0): " } ?? ": ")))
        #expect(error.description.count < 400, "messages stay short: \(error.description.count)")
    }

    @Test func aMissingFileOrADirectoryIsNamed() throws {
        let missing = try #require(throws: RecordingError.self) { try RecordingReader.read(path: "/nonexistent/rec.jsonl") }
        #expect(missing.description == "/nonexistent/rec.jsonl: cannot open: No such file or directory")
        let directory = try #require(throws: RecordingError.self) { try RecordingReader.read(path: "/tmp") }
        #expect(directory.description.contains("is a directory"))
    }
}

/// docs/recording-format.md is the definition: its example must be a recording the reader
/// takes, holding every kind the writer writes, and every call op must be in its table.
@Suite struct RecordingFormatDocumentTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/recording-format.md")

    @Test func theDocumentsExampleIsARecordingWithEveryEventKind() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let example = try #require(text.components(separatedBy: "```jsonl\n").last?.components(separatedBy: "```").first)
        let recording = try RecordingReader.parse(Data(example.utf8), file: "recording-format.md")
        #expect(recording.warnings.isEmpty)
        #expect(recording.end?.ending == .finished)
        func kinds(_ text: String) -> Set<String> {
            Set(text.split(separator: "\n").compactMap { line in
                line.range(of: #""kind":""#).map { String(line[$0.upperBound...].prefix { $0 != "\"" }) }
            })
        }
        let written = kinds(try RecordingSamples.text())
        #expect(written.count == 17)
        #expect(written.subtracting(kinds(example)).isEmpty, "kinds missing from the example: \(written.subtracting(kinds(example)))")
        for op in Set(try RecordingSamples.text().split(separator: "\n").compactMap { line in
            line.range(of: #""op":""#).map { String(line[$0.upperBound...].prefix { $0 != "\"" }) } }) {
            #expect(text.contains("`\(op)`"), "the call \(op) is not in the document's table")
        }
    }
}

@Suite struct RecordingTimeTests {
    @Test(arguments: [0.0, 1_764_822_320.115, 951_782_400.999, 4_102_444_799.5, -1.25])
    func startTimesReadBackToTheMillisecond(_ seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let text = RecordingFormat.iso8601(date)
        let back = try #require(RecordingFormat.parseISO8601(text), "\(text)")
        #expect(abs(back.timeIntervalSince1970 - (seconds * 1000).rounded(.down) / 1000) < 0.0005, "\(text)")
        let foundation = ISO8601DateFormatter()
        foundation.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(foundation.string(from: Date(timeIntervalSince1970: (seconds * 1000).rounded(.down) / 1000)) == text)
    }

    @Test func aTimeWithoutMillisecondsOrOutOfRangeIsReadOrRefused() {
        #expect(RecordingFormat.parseISO8601("2026-12-04T10:20:30Z") == Date(timeIntervalSince1970: 1_796_379_630))
        for bad in ["2026-13-04T10:20:30Z", "2026-12-04 10:20:30Z", "2026-12-04T10:20:30+01:00", "yesterday", "2026-12-04T10:20:30.Z"] {
            #expect(RecordingFormat.parseISO8601(bad) == nil, "\(bad)")
        }
    }

    @Test func storeNamesSortByTime() {
        #expect(RecordingFormat.iso8601(Date(timeIntervalSince1970: 1_796_358_320.115), compact: true) == "20261204T042520.115Z")
    }
}
