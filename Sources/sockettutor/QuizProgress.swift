import Foundation
import LessonKit
import Progress
import TUI
import Tutor

/// The full-screen app keeps its answers, scores, steps reached and completions as the plain
/// forms do, and its menu reads them back: marks, the due count, the final quiz and review.
/// A prediction made in the full-screen lesson comes through the same hook, kept as `.predict`
/// (no quiz asks a predict question: QuizRun leaves them to their lesson).
enum QuizProgress {
    /// `store` nil (it could not be opened): the final quiz is still offered, nothing is kept.
    static func connect(_ app: TutorApp, to store: ProgressStore?, catalog: LessonCatalog) {
        app.progress.finalQuiz = {
            var generator = QuizCommand.generator()
            return try QuizCommand.finalRun(catalog: catalog, using: &generator)
        }
        guard let store else { return }
        app.onAnswer = { feedback, milliseconds, quizID in
            try? store.record(AnswerRecord(questionID: feedback.item.qualifiedID, lessonID: feedback.item.lessonID,
                                           answeredAt: LearnerClock.now(), answer: feedback.answer.logText, correct: feedback.correct,
                                           milliseconds: milliseconds,
                                           kind: feedback.item.question.predictedStep != nil ? .predict : quizID == QuizCommand.reviewID ? .review : .quiz))
        }
        app.onQuizFinished = { run in
            // A review mixes lessons: its answers count, a score of its own would mean nothing.
            guard run.id != QuizCommand.reviewID else { return }
            try? store.recordScore(quiz: run.id, score: run.score.right, total: run.score.total)
        }
        app.progress.stepReached = { lesson, index, stepID in try? store.setStepReached(lesson: lesson, index: index, stepID: stepID) }
        app.progress.lessonCompleted = { lesson in try? store.markCompleted(lesson: lesson) }
        app.progress.menu = {
            let summary = (try? store.summary()) ?? [:]
            let due = (try? store.reviewSchedule().dueCount(now: LearnerClock.now())) ?? 0
            return MenuProgress(completed: Set(summary.values.filter(\.isCompleted).map(\.lessonID)),
                                reached: summary.compactMapValues { $0.step?.index }, due: due)
        }
        app.progress.review = {
            let due = try store.reviewSchedule().dueQuestions(now: LearnerClock.now())
            return try QuizCommand.reviewRun(catalog: catalog, due: due)
        }
    }
}
