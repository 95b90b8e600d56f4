import Foundation

/// Reads a recording (docs/recording-format.md). PROVISIONAL BODY: reads the old
/// one-StampedEvent-a-line files until the documented format lands; the signature stays.
public enum RecordingReader {
    public static func read(path: String) throws(RecordingError) -> Recording {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecordingError(file: path, line: nil, message: "cannot read the file")
        }
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String) throws(RecordingError) -> Recording {
        var events: [StampedEvent] = []
        var lineNumber = 0
        for line in data.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            do { events.append(try JSONDecoder().decode(StampedEvent.self, from: Data(line))) } catch {
                throw RecordingError(file: file, line: lineNumber, message: "not an event")
            }
        }
        var info: LessonInfo?
        if case .started(let i)? = events.first?.event { info = i }
        let header = RecordingHeader(program: "sockettutor", lessonID: info?.id ?? "?", lessonTitle: info?.title ?? "?",
                                     lessonHash: "", language: info?.language ?? "en", terminal: nil,
                                     startedAt: Date(), kernelRelease: "", capture: nil)
        let end: RecordingEnd? = events.contains { if case .finished = $0.event { return true } else { return false } }
            ? RecordingEnd(eventCount: events.count, ending: .finished) : nil
        return Recording(header: header, events: events, end: end)
    }
}
