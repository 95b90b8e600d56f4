import Foundation
import LessonKit
import Testing
import Tutor

/// Real sessions, kept as recordings (docs/recording-format.md) under Fixtures/ so that
/// screens render the same on every run (real ports and fds, frozen). Re-record them with
/// Fixtures/record.sh: the real binary on an 80×24 terminal, Enter for every step.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons")

    static func path(_ name: String) -> String { directory.appendingPathComponent("\(name).jsonl").path }

    static func recording(_ name: String) throws -> Recording { try RecordingReader.read(path: path(name)) }

    static func events(_ name: String) throws -> [StampedEvent] { try recording(name).events }

    static func lesson(_ path: URL) throws -> Lesson {
        try LessonLoader.parse(String(contentsOf: path, encoding: .utf8), file: path.lastPathComponent).get()
    }
}

@Suite struct FixtureRecording {
    @Test func fixturesAreCompleteRecordedSessions() throws {
        for name in ["tcp-workflow", "client-server", "zh-echo"] {
            let recording = try Fixtures.recording(name)
            let events = recording.events
            #expect(recording.header.lessonID == recording.events.first.flatMap { if case .started(let i) = $0.event { i.id } else { nil } })
            #expect(recording.warnings.isEmpty, "\(name): \(recording.warnings)")
            #expect(events.map(\.sequence) == Array(1...events.count), "\(name): dense sequence numbers")
            let state = SessionState(folding: events)
            #expect(state.finished, "\(name) ends with .finished")
            #expect(state.stepsSettled == state.lesson?.stepCount, "\(name): every step settled")
            // Made by the real binary: the numbers a learner's own program would get.
            let first = events.lazy.compactMap { e -> Int? in
                if case .callFinished(_, _, let call) = e.event, case .socket = call.call { call.outcome.returnValue } else { nil }
            }.first
            #expect(first == 3, "\(name): the first socket is 3")
        }
    }
}
