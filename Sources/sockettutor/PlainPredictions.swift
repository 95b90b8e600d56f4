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
    private var pending: (question: QuizQuestion, key: String, milliseconds: Int)?
    /// Events since the prediction was made: what its step did is read from them.
    private var seen: [StampedEvent] = []
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
            pending = (question, key, max(0, Int(Date().timeIntervalSince(since) * 1000)))
            seen = []
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
        guard let (question, _, _) = pending, let stepID = question.predictedStep else { return }
        seen.append(event)
        switch event.event {
        case .stepSettled(let id, _) where id == stepID, .stepFinished(let id, _) where id == stepID:
            if let observed = StepObservation.outcome(of: stepID, in: seen) { settle(observed) }
        case .ready, .finished:
            // The step is over and still nothing was seen of it: the stored answer decides.
            settle(nil)
        default:
            break
        }
    }

    private mutating func settle(_ observed: ObservedOutcome?) {
        guard let (question, key, milliseconds) = pending else { return }
        pending = nil
        seen = []
        let correct = QuizScoring.score(question, choice: key, observed: observed)
        let predicted = question.choices.first { $0.key == key }?.text.resolved(language).trimmed ?? key
        let happened = observed.map { "it \($0)" } ?? "its result could not be seen here"
        print("")
        print("You predicted: \(predicted) — \(happened): \(correct ? "right" : "wrong")")
        print("  " + question.explanation.resolved(language).trimmed)
        fflush(nil)
        guard let store else { return }
        do {
            try store.record(AnswerRecord(questionID: "\(lesson.id)/\(question.id)", lessonID: lesson.id, answeredAt: LearnerClock.now(),
                                          answer: key, correct: correct, milliseconds: milliseconds, kind: .predict))
        } catch {
            FileHandle.standardError.write(Data("sockettutor: warning: your prediction cannot be kept: \(error)\n".utf8))
        }
    }
}
