import Catalogue
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
        print(Words(language)(.plainPredictAsk))
        PlainQuestionText.lines(question, language: language, shownOrder: []).forEach { print($0) }
        prompt(question)
        return true
    }

    private func prompt(_ question: QuizQuestion) {
        let w = Words(language)
        print(w(.plainPredictPrompt, ["n": question.choices.count, "hint": question.hint == nil ? "" : w(.plainHintChoice)]), terminator: "")
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
            print(Words(language)(.hintPrefix) + (question.hint?.resolved(language).trimmed ?? ""))
        case .answer, .invalid:
            print(TypedAnswer.accepted(for: question, language: language))
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
        let w = Words(language)
        print(w(.plainPredicted, ["choice": result.predicted(language), "happened": result.happened(w), "verdict": w(result.correct ? .plainVerdictRight : .plainVerdictWrong)]))
        print("  " + result.item.question.explanation.resolved(language).trimmed)
        fflush(nil)
        guard let store else { return }
        do {
            try store.record(AnswerRecord(questionID: result.item.qualifiedID, lessonID: lesson.id, answeredAt: LearnerClock.now(),
                                          answer: result.choice, correct: result.correct, milliseconds: result.milliseconds, kind: .predict))
        } catch {
            Warning.say(Message(.predictionCannotBeKept, ["problem": .problem(error)]), language: InterfaceLanguage(code: language))
        }
    }
}
