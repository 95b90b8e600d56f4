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
    /// `next` requests sent: with `lesson.advances`, which step the next one runs.
    private(set) var advancesSent = 0
    /// When the predict question on screen was asked, for the time to answer.
    private var askedAt: UInt64 = 0
    /// Called when a prediction's step has shown what it does (the app records it).
    var onPrediction: ((PredictionResult) -> Void)?
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
        view.language = language
        // Show the first section's narrative and wait there for the learner.
    }

    /// Seconds since the session started.
    var now: Double { Double(Kernel.monotonicNanoseconds() &- startedAt) / 1e9 }

    /// Folds in whatever the session has reported. Returns true if anything arrived.
    @discardableResult
    func drainEvents() -> Bool {
        var any = false
        while let event = session.nextEvent(timeout: 0) {
            view.apply(event).forEach { onPrediction?($0) }
            onEvent?(event.event)
            any = true
        }
        return any
    }

    /// The predict question of the step the next `next` runs, if it has one.
    var nextQuestion: QuizQuestion? {
        let advances = lesson.advances
        guard advancesSent < advances.count, let index = advances[advancesSent] else { return nil }
        return lesson.predictQuestion(beforeStep: lesson.steps[index].id)
    }

    /// Runs the next step (the driver queues it behind one still settling).
    func sendNext() {
        advancesSent += 1
        session.send(.next)
    }

    func ask(_ question: QuizQuestion) {
        view.ask(question, lessonID: lesson.id)
        askedAt = Kernel.monotonicNanoseconds()
    }

    /// Enter on the question: the prediction is made and its step runs.
    func answer() {
        let milliseconds = Int((Kernel.monotonicNanoseconds() &- askedAt) / 1_000_000)
        if view.answerPrompt(milliseconds: milliseconds) { sendNext() }
    }

    /// s or Esc on the question: its step runs with no prediction.
    func skip() {
        view.skipPrompt()
        sendNext()
    }

    /// A call is waiting in the kernel on screen: its counter needs the clock.
    var needsClock: Bool { !view.isViewingHistory && !view.shown.pendingCalls.isEmpty }

    /// Unblocks, joins and closes everything (within the engine's 200 ms when all is well).
    func leave() {
        leaving = true
        session.send(.leave)
        let deadline = Kernel.monotonicNanoseconds() + 2_000_000_000
        while Kernel.monotonicNanoseconds() < deadline, let event = session.nextEvent(timeout: 0.5) {
            view.apply(event).forEach { onPrediction?($0) }
            onEvent?(event.event)
            if case .left = event.event { break }
        }
        session.leave(timeout: 2)
    }
}
