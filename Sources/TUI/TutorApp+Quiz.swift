import Foundation
import LessonKit
import SocketTrace
import Tutor

/// A quiz on screen, and when its question was shown (for the time to answer).
final class QuizSession {
    var view: QuizView
    /// The lesson run underneath, when opened from a finished lesson: q goes back to it.
    let lessonIndex: Int
    private var shownAt = Kernel.monotonicNanoseconds()

    init(_ view: QuizView, lessonIndex: Int) {
        self.view = view
        self.lessonIndex = lessonIndex
    }

    /// Milliseconds since the question came on screen.
    func answered() -> Int { Int((Kernel.monotonicNanoseconds() &- shownAt) / 1_000_000) }
    func questionShown() { shownAt = Kernel.monotonicNanoseconds() }
}

extension TutorApp {
    /// The lesson's quiz, over whatever is on screen (the menu, or the finished lesson).
    func openQuiz(_ index: Int, quitEndsProgram: Bool) throws {
        guard lessons.indices.contains(index) else { return }
        let lesson = try loadedLesson(index)
        let view = QuizView(run: .lesson(lesson), lessonTitle: lesson.title.resolved(language), language: language,
                            quitEndsProgram: quitEndsProgram)
        menuStale = true
        quiz = QuizSession(view, lessonIndex: index)
    }

    func handleQuiz(_ key: Key, session: QuizSession, size: ScreenSize) -> Outcome {
        var request = KeyMap.quiz(key, mode: session.view.mode)
        if request == .relayout { return .changed }
        // The too-small screen says "press q to quit": there q leaves even in a fill-in.
        if size.isTooSmall && (key == .character("q") || key == .character("Q")) { request = .quit }
        if size.isTooSmall && request != .quit { return .changed }
        switch request {
        case .choose(let delta): session.view.move(by: delta)
        case .select(let number):
            if let feedback = session.view.pick(number) { record(feedback, session) }
        case .tick: session.view.toggle()
        case .moveItem(let delta): session.view.moveItem(by: delta)
        case .answer:
            guard let feedback = session.view.submit() else { return .unchanged }
            record(feedback, session)
        case .hint:
            guard session.view.question?.hint != nil else { return .unchanged }
            session.view.showingHint.toggle()
        case .type(let character): session.view.edit { $0.insert(character) }
        case .deleteBackward: session.view.edit { $0.backspace() }
        case .deleteForward: session.view.edit { $0.deleteForward() }
        case .moveCursor(let delta): session.view.edit { $0.move(by: delta) }
        case .cursorHome: session.view.edit { $0.home() }
        case .cursorEnd: session.view.edit { $0.end() }
        case .proceed:
            session.view.proceed()
            session.questionShown()
        case .quit:
            quiz = nil
            if session.view.quitEndsProgram { return .quit }
            // Back where it was opened: the finished lesson is still underneath, or the menu.
            if run == nil, menu.entries.indices.contains(session.lessonIndex) { menu.selected = session.lessonIndex }
        case .none: return .unchanged
        default: break
        }
        return .changed
    }

    private func record(_ feedback: QuizRun.Feedback, _ session: QuizSession) {
        onAnswer?(feedback, session.answered(), session.view.run.id)
        if session.view.run.finished { onQuizFinished?(session.view.run) }
    }
}
