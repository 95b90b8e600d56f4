import Foundation
import Progress
import TUI
import Tutor

/// The full-screen quiz keeps its answers and score as the plain one does; a prediction
/// made in the full-screen lesson comes through the same hook, and is kept as `.predict`
/// (no quiz asks a predict question: QuizRun leaves them to their lesson).
enum QuizProgress {
    static func connect(_ app: TutorApp, to store: ProgressStore) {
        app.onAnswer = { feedback, milliseconds in
            try? store.record(AnswerRecord(questionID: feedback.item.qualifiedID, lessonID: feedback.item.lessonID,
                                           answer: feedback.answer.logText, correct: feedback.correct,
                                           milliseconds: milliseconds,
                                           kind: feedback.item.question.predictedStep == nil ? .quiz : .predict))
        }
        app.onQuizFinished = { run in
            try? store.recordScore(quiz: run.id, score: run.score.right, total: run.score.total)
        }
    }
}
