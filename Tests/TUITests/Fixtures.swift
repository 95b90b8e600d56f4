import Foundation
import LessonKit
import Testing
import Tutor

/// Real sessions, kept as recordings (docs/recording-format.md) under Fixtures/ so that
/// screens render the same on every run (real ports and fds, frozen). Re-record with
/// SOCKETTUTOR_RECORD_FIXTURES=1 swift test --filter TUITests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons")

    static var recording: Bool { ProcessInfo.processInfo.environment["SOCKETTUTOR_RECORD_FIXTURES"] == "1" }

    static func path(_ name: String) -> String { directory.appendingPathComponent("\(name).jsonl").path }

    static func recording(_ name: String) throws -> Recording { try RecordingReader.read(path: path(name)) }

    static func events(_ name: String) throws -> [StampedEvent] { try recording(name).events }

    static func lesson(_ path: URL) throws -> Lesson {
        try LessonLoader.parse(String(contentsOf: path, encoding: .utf8), file: path.lastPathComponent).get()
    }

    /// Runs a real lesson one step at a time, as a learner pressing Space would, to the end,
    /// recording it as `name` in Fixtures/.
    static func record(_ lesson: Lesson, language: String, capture: Bool = true, as name: String) throws {
        var options = SessionOptions(language: language)
        // Recorded as root: packets from the host's loopback. client-server is recorded
        // without, to show the pane that explains why there are none.
        options.capture = CapturePlan.prepare(enabled: capture)
        options.recording = RecordingPlan(path: path(name))
        options.recording.terminal = TerminalSize(columns: 80, rows: 24)
        let session = try LessonSession(lesson: lesson, options: options)
        defer { session.leave() }
        session.send(.next)
        while let event = session.nextEvent(timeout: 10) {
            if case .ready = event.event { session.send(.next) }
            if case .finished = event.event { break }
        }
    }
}

@Suite struct FixtureRecording {
    @Test(.enabled(if: Fixtures.recording)) func recordFixtureSessions() throws {
        try Fixtures.record(Fixtures.lesson(Fixtures.lessons.appendingPathComponent("tcp-workflow.yaml")), language: "en", as: "tcp-workflow")
        try Fixtures.record(Fixtures.lesson(Fixtures.lessons.appendingPathComponent("client-server.yaml")), language: "en", capture: false, as: "client-server")
        try Fixtures.record(Fixtures.lesson(Fixtures.directory.appendingPathComponent("zh-echo.yaml")), language: "zh", as: "zh-echo")
    }

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
        }
    }
}
