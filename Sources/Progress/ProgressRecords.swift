import Foundation

/// One answer the learner gave: kept forever in the answer log, the source of review.
public struct AnswerRecord: Sendable, Hashable {
    /// Where the question was asked.
    public enum Kind: String, Sendable, CaseIterable {
        case quiz, predict, review
    }

    /// Stable question id, e.g. `tcp-workflow/q-accept-blocks`.
    public var questionID: String
    public var lessonID: String
    public var answeredAt: Date
    /// The answer as given (choice ids, typed text, an order), as text.
    public var answer: String
    public var correct: Bool
    /// How long the learner took, in milliseconds.
    public var milliseconds: Int
    public var kind: Kind

    public init(questionID: String, lessonID: String, answeredAt: Date = Date(), answer: String, correct: Bool,
                milliseconds: Int, kind: Kind) {
        self.questionID = questionID; self.lessonID = lessonID; self.answeredAt = answeredAt
        self.answer = answer; self.correct = correct; self.milliseconds = milliseconds; self.kind = kind
    }
}

/// A quiz result: `score` right out of `total`. `quiz` is a lesson id or `final`.
public struct QuizScore: Sendable, Hashable {
    public var quiz: String
    public var score: Int
    public var total: Int
    public var takenAt: Date

    public init(quiz: String, score: Int, total: Int, takenAt: Date) {
        self.quiz = quiz; self.score = score; self.total = total; self.takenAt = takenAt
    }

    /// Better: a higher share right; the same share, more questions.
    func isBetter(than other: QuizScore) -> Bool {
        let mine = score * max(other.total, 1), theirs = other.score * max(total, 1)
        return mine != theirs ? mine > theirs : total > other.total
    }
}

/// The furthest step the learner's last run of a lesson reached (the menu offers to resume there).
public struct StepReached: Sendable, Hashable {
    /// 0-based index of the step in the lesson.
    public var index: Int
    public var stepID: String
    public var reachedAt: Date
}

/// Everything kept about one lesson (or the `final` quiz, which has scores only).
public struct LessonProgress: Sendable, Hashable {
    public var lessonID: String
    /// When the lesson was first run to its end; nil if never.
    public var completedAt: Date?
    public var step: StepReached?
    public var bestScore: QuizScore?
    public var lastScore: QuizScore?
    /// Answers logged for this lesson's questions.
    public var answers: Int

    public init(lessonID: String) { self.lessonID = lessonID; answers = 0 }

    public var isCompleted: Bool { completedAt != nil }
}
