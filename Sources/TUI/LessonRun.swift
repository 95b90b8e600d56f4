import Foundation
import LessonKit
import SocketTrace
import Tutor

/// One live lesson on screen: its session and what the learner sees of it.
final class LessonRun {
    let lesson: Lesson
    let index: Int
    let session: LessonSession
    var view: LessonView
    /// When the session began, on the monotonic clock, for elapsed times.
    private let startedAt: UInt64
    /// Told every event after the view took it, those of leaving too (progress and resuming:
    /// TutorApp+Resume.swift).
    var onEvent: ((SessionEvent) -> Void)?
    private(set) var leaving = false

    init(lesson: Lesson, index: Int, count: Int, language: String, options: SessionOptions = SessionOptions(),
         wakeDescriptor: Int32, quitEndsProgram: Bool) throws {
        self.lesson = lesson
        self.index = index
        startedAt = Kernel.monotonicNanoseconds()
        var options = options
        options.language = language
        options.wakeDescriptor = wakeDescriptor
        session = try LessonSession(lesson: lesson, options: options)
        view = LessonView(lessonNumber: index + 1, lessonCount: count, lessonTitle: lesson.title.resolved(language),
                          quitEndsProgram: quitEndsProgram)
        // Show the first section's narrative and wait there for the learner.
    }

    /// Seconds since the session started.
    var now: Double { Double(Kernel.monotonicNanoseconds() &- startedAt) / 1e9 }

    /// Folds in whatever the session has reported. Returns true if anything arrived.
    @discardableResult
    func drainEvents() -> Bool {
        var any = false
        while let event = session.nextEvent(timeout: 0) {
            view.apply(event)
            onEvent?(event.event)
            any = true
        }
        return any
    }

    /// A call is waiting in the kernel on screen: its counter needs the clock.
    var needsClock: Bool { !view.isViewingHistory && !view.shown.pendingCalls.isEmpty }

    /// Unblocks, joins and closes everything (within the engine's 200 ms when all is well).
    func leave() {
        leaving = true
        session.send(.leave)
        let deadline = Kernel.monotonicNanoseconds() + 2_000_000_000
        while Kernel.monotonicNanoseconds() < deadline, let event = session.nextEvent(timeout: 0.5) {
            view.apply(event)
            onEvent?(event.event)
            if case .left = event.event { break }
        }
        session.leave(timeout: 2)
    }
}
