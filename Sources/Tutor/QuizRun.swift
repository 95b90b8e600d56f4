import Foundation
import LessonKit

/// One question as a quiz asks it: the lesson it comes from and its stable id
/// (`tcp-workflow/predict-accept`). The lesson's title, when known, is shown above a
/// question of the final quiz or the review, which mix lessons.
public struct QuizItem: Sendable, Hashable {
    public var lessonID: String
    public var question: QuizQuestion
    public var lessonTitle: LocalizedText?
    public init(lessonID: String, question: QuizQuestion, lessonTitle: LocalizedText? = nil) {
        self.lessonID = lessonID; self.question = question; self.lessonTitle = lessonTitle
    }
    public var qualifiedID: String { "\(lessonID)/\(question.id)" }
}

/// Taking a quiz, as a pure value the TUI and `--plain` both drive: the questions in order,
/// an answer for the current one, feedback with its explanation, and the missed questions
/// asked once more at the end. The score counts first attempts only.
public struct QuizRun: Sendable {
    public struct Feedback: Sendable, Hashable {
        public var item: QuizItem
        public var answer: QuizAnswer
        public var correct: Bool
        /// True when this was the second asking of a missed question.
        public var retry: Bool

        public init(item: QuizItem, answer: QuizAnswer, correct: Bool, retry: Bool) {
            self.item = item; self.answer = answer; self.correct = correct; self.retry = retry
        }
    }

    public let id: String
    public private(set) var queue: [QuizItem]
    public private(set) var position = 0
    /// How many of the queue are first askings (the rest are retries of missed ones).
    public let total: Int
    public private(set) var firstTryRight = 0
    public private(set) var feedback: [Feedback] = []
    private var missed: [QuizItem] = []
    private var retriesQueued = false

    /// `id`: a lesson id, `final` or `review`. Predict questions are left out: they are asked
    /// in the lesson, before their step runs, and scored against that run.
    public init(id: String, items: [QuizItem]) {
        self.id = id
        queue = items.filter { $0.question.predictedStep == nil }
        total = queue.count
    }

    /// The questions of one lesson, in the file's order.
    public static func lesson(_ lesson: Lesson) -> QuizRun {
        QuizRun(id: lesson.id, items: lesson.quiz.map { QuizItem(lessonID: lesson.id, question: $0) })
    }

    /// The final quiz: up to `perLesson` questions of each lesson, in course order,
    /// picked by `generator` (seeded in tests).
    public static func final(_ lessons: [Lesson], perLesson: Int = 2, using generator: inout some RandomNumberGenerator) -> QuizRun {
        var items: [QuizItem] = []
        for lesson in lessons {
            let askable = lesson.quiz.filter { $0.predictedStep == nil }.shuffled(using: &generator)
            items += askable.prefix(perLesson).map { QuizItem(lessonID: lesson.id, question: $0, lessonTitle: lesson.title) }
        }
        return QuizRun(id: "final", items: items)
    }

    public var current: QuizItem? { position < queue.count ? queue[position] : nil }
    public var isRetry: Bool { position >= total }
    public var finished: Bool { current == nil }
    /// 1-based number of the question on screen, and how many there are so far.
    public var progress: (number: Int, count: Int) { (min(position + 1, queue.count), queue.count) }

    /// Scores the answer to the current question and moves on. When the first pass ends,
    /// the missed questions are queued once more.
    @discardableResult
    public mutating func answer(_ answer: QuizAnswer) -> Feedback? {
        guard let item = current else { return nil }
        let correct = QuizScoring.score(item.question, answer)
        let result = Feedback(item: item, answer: answer, correct: correct, retry: isRetry)
        feedback.append(result)
        if !isRetry {
            if correct { firstTryRight += 1 } else { missed.append(item) }
        }
        position += 1
        if position == total && !retriesQueued {
            retriesQueued = true
            queue += missed
        }
        return result
    }

    /// The score, `N/M`: first attempts right out of the questions asked.
    public var score: (right: Int, total: Int) { (firstTryRight, total) }
}

extension QuizAnswer {
    /// The answer as the progress log keeps it: choice keys, `true`/`false`, the typed text,
    /// or an order as the item numbers given.
    public var logText: String {
        switch self {
        case .choice(let key): key
        case .choices(let keys): keys.sorted().joined(separator: ",")
        case .truth(let value): value ? "true" : "false"
        case .text(let text): text
        case .order(let indices): indices.map { String($0 + 1) }.joined(separator: ",")
        }
    }
}
