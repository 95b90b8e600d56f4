import Foundation
import LessonKit
import Testing
import Tutor

/// Events recorded from real sessions, kept as JSON Lines under Fixtures/ so that screens
/// render the same on every run (real ports and fds, frozen). Re-record with
/// SOCKETTUTOR_RECORD_FIXTURES=1 swift test --filter TUITests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons")

    static var recording: Bool { ProcessInfo.processInfo.environment["SOCKETTUTOR_RECORD_FIXTURES"] == "1" }

    static func events(_ name: String) throws -> [StampedEvent] {
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(StampedEvent.self, from: Data($0.utf8)) }
    }

    static func write(_ events: [StampedEvent], as name: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("\(name).jsonl"), atomically: true, encoding: .utf8)
    }

    static func lesson(_ path: URL) throws -> Lesson {
        try LessonLoader.parse(String(contentsOf: path, encoding: .utf8), file: path.lastPathComponent).get()
    }

    /// Runs a real lesson one step at a time, as a learner pressing Space would, to the end.
    static func record(_ lesson: Lesson, language: String, capture: Bool = true) throws -> [StampedEvent] {
        var options = SessionOptions(language: language)
        // Recorded as root: packets from the host's loopback. client-server is recorded
        // without, to show the pane that explains why there are none.
        options.capture = CapturePlan.prepare(enabled: capture)
        let session = try LessonSession(lesson: lesson, options: options)
        defer { session.leave() }
        var events: [StampedEvent] = []
        session.send(.next)
        while let event = session.nextEvent(timeout: 10) {
            events.append(event)
            if case .ready = event.event { session.send(.next) }
            if case .finished = event.event { break }
        }
        return events
    }
}

@Suite struct FixtureRecording {
    @Test(.enabled(if: Fixtures.recording)) func recordFixtureSessions() throws {
        try Fixtures.write(Fixtures.record(Fixtures.lesson(Fixtures.lessons.appendingPathComponent("tcp-workflow.yaml")), language: "en"), as: "tcp-workflow")
        try Fixtures.write(Fixtures.record(Fixtures.lesson(Fixtures.lessons.appendingPathComponent("client-server.yaml")), language: "en", capture: false), as: "client-server")
        try Fixtures.write(Fixtures.record(Fixtures.lesson(Fixtures.directory.appendingPathComponent("zh-echo.yaml")), language: "zh"), as: "zh-echo")
    }

    @Test func fixturesAreCompleteRecordedSessions() throws {
        for name in ["tcp-workflow", "client-server", "zh-echo"] {
            let events = try Fixtures.events(name)
            #expect(events.map(\.sequence) == Array(1...events.count), "\(name): dense sequence numbers")
            let state = SessionState(folding: events)
            #expect(state.finished, "\(name) ends with .finished")
            #expect(state.stepsSettled == state.lesson?.stepCount, "\(name): every step settled")
        }
    }
}
