import Foundation
import Glibc
import LessonKit
import Testing
@testable import Tutor

/// Drives a real session from a test and keeps every event it produced.
final class SessionHarness {
    let session: LessonSession
    private(set) var events: [StampedEvent] = []

    init(_ lesson: Lesson, options: SessionOptions = SessionOptions()) throws {
        session = try LessonSession(lesson: lesson, options: options)
    }

    /// Collects events until `stop` says so, or fails after `timeout` seconds.
    @discardableResult
    func collect(timeout: Double = 5, until stop: (SessionEvent) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while let e = session.nextEvent(timeout: max(0, deadline.timeIntervalSinceNow)) {
            events.append(e)
            if stop(e.event) { return true }
        }
        return false
    }

    /// One step: asks for it and waits until the session is ready for the next.
    @discardableResult
    func step() -> Bool {
        session.send(.next)
        return collect { if case .ready = $0 { true } else if case .finished = $0 { true } else { false } }
    }

    func runToEnd() -> Bool {
        session.send(.runToEnd)
        return collect(timeout: 30) { if case .finished = $0 { true } else { false } }
    }

    func leave() -> Bool {
        session.send(.leave)
        let ok = collect { if case .left = $0 { true } else { false } }
        return session.leave() && ok
    }

    var state: SessionState { SessionState(folding: events) }

    func lines() -> [String] {
        var t = PlainTranscript()
        return events.flatMap { t.lines(for: $0) }
    }
}

enum Fixtures {
    static func builtIn() throws -> LessonLibrary {
        try LessonLibrary.load(directory: try LessonLibrary.locate(override: nil))
    }

    static func lesson(_ yaml: String, id: String = "fixture") throws -> Lesson {
        try LessonLoader.parse(yaml, file: "\(id).yaml", expectedID: id).get()
    }

    /// The server's four opening steps: socket `s`, bound to 127.0.0.1:0, its address as
    /// `addr`, listening with `backlog` (or the default).
    static func listeningServer(backlog: Int? = nil) -> [String] {
        [
            "{id: s, actor: server, call: socket, as: s}",
            "{id: b, actor: server, call: bind, fd: $s, address: \"127.0.0.1:0\"}",
            "{id: n, actor: server, call: getsockname, fd: $s, as: addr}",
            "{id: l, actor: server, call: listen, fd: $s" + (backlog.map { ", backlog: \($0)" } ?? "") + "}",
        ]
    }

    /// A one-section lesson with actors server and client; `steps` are flow-style lines.
    static func lesson(title: String, steps: [String]) throws -> Lesson {
        let header = """
        format_version: 1
        id: fixture
        title: \(title)
        summary: s
        actors: [server, client]
        sections:
          - id: a
            text: t
            steps:

        """
        return try lesson(header + steps.map { "      - " + $0 }.joined(separator: "\n") + "\n")
    }
}

/// What this process holds: descriptors and threads, from /proc.
enum ProcessCensus {
    static func descriptors() -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count }

    /// The engine's own threads still alive (they are named lesson-driver and actor-NAME).
    /// Counting only these keeps the runtime's worker threads, which come and go, out of it.
    static func engineThreads() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).filter { task in
            let name = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            return name.hasPrefix("lesson-driver") || name.hasPrefix("actor-")
        }.count
    }

    /// Threads can take a moment to vanish from /proc after being joined by others.
    static func settle(_ body: () -> Int, to target: Int) -> Int {
        for _ in 0..<100 {
            let n = body()
            if n <= target { return n }
            usleep(2000)
        }
        return body()
    }
}
