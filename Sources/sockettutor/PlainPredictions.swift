import Foundation
import LessonKit
import Progress
import Tutor

/// The plain lesson's predict-the-result questions: asked on a terminal before their step
/// runs, then shown beside what the step really did and kept in the progress store as
/// `.predict`. Only the runner's main thread uses it.
struct PlainPredictions {
    let lesson: Lesson
    let language: String
    let store: ProgressStore?

    /// The question on screen, waiting for a typed answer.
    private(set) var asking: (question: QuizQuestion, since: Date)?
    /// Answered; waiting for its step to be seen.
    private var pending: PendingPrediction?
    private var asked: Set<String> = []

    init(lesson: Lesson, language: String, store: ProgressStore?) {
        self.lesson = lesson; self.language = language; self.store = store
    }

    /// Asks the question of the step at `index`, if it has one not yet asked. True when asked:
    /// the next step then waits for the answer instead of Enter.
    mutating func askBefore(stepAt index: Int) -> Bool {
        guard index < lesson.steps.count, let question = lesson.predictQuestion(beforeStep: lesson.steps[index].id),
              !asked.contains(question.id) else { return false }
        asked.insert(question.id)
        asking = (question, Date())
        print("")
        print("Predict: what will the next step do?")
        PlainQuestionText.lines(question, language: language, shownOrder: []).forEach { print($0) }
        prompt(question)
        return true
    }

    private func prompt(_ question: QuizQuestion) {
        print("Your prediction (1-\(question.choices.count)\(question.hint == nil ? "" : ", h for a hint"); Ctrl-D: leave): ", terminator: "")
        fflush(nil)
    }

    /// A line typed while a question is asked. True when it was an answer (the step may run).
    mutating func take(line: String) -> Bool {
        guard let (question, since) = asking else { return false }
        switch TypedAnswer.parse(line, for: question) {
        case .answer(.choice(let key)):
            asking = nil
            pending = PendingPrediction(item: QuizItem(lessonID: lesson.id, question: question), choice: key,
                                        milliseconds: max(0, Int(Date().timeIntervalSince(since) * 1000)))
            return true
        case .hint:
            print("Hint: \(question.hint?.resolved(language).trimmed ?? "")")
        case .answer, .invalid:
            print(TypedAnswer.accepted(for: question))
        }
        prompt(question)
        return false
    }

    /// Every event the runner shows. When the predicted step's outcome is known, the
    /// prediction is shown beside it, scored against it, and kept.
    mutating func observe(_ event: StampedEvent) {
        guard let result = pending?.observe(event) else { return }
        pending = nil
        print("")
        print("You predicted: \(result.predicted(language)) — \(result.happened): \(result.correct ? "right" : "wrong")")
        print("  " + result.item.question.explanation.resolved(language).trimmed)
        fflush(nil)
        guard let store else { return }
        do {
            try store.record(AnswerRecord(questionID: result.item.qualifiedID, lessonID: lesson.id, answeredAt: LearnerClock.now(),
                                          answer: result.choice, correct: result.correct, milliseconds: result.milliseconds, kind: .predict))
        } catch {
            FileHandle.standardError.write(Data("sockettutor: warning: your prediction cannot be kept: \(error)\n".utf8))
        }
    }
}
