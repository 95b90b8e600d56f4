import Catalogue
import Foundation
import LessonKit
import Progress
import Tutor

/// Asks a quiz on stdin and stdout, one line per answer, and keeps every answer as it is
/// given: end of input leaves with what was answered already in the store.
struct PlainQuiz {
    var run: QuizRun
    let language: String
    let store: ProgressStore?
    let kind: AnswerRecord.Kind
    private var storeFailed = false

    init(run: QuizRun, language: String, store: ProgressStore?, kind: AnswerRecord.Kind) {
        self.run = run; self.language = language; self.store = store; self.kind = kind
    }

    mutating func ask(using generator: inout some RandomNumberGenerator) {
        while let item = run.current {
            let question = item.question
            var shown: [Int] = []
            if case .order(let items) = question.kind { shown = TypedAnswer.shuffledOrder(count: items.count, using: &generator) }
            let (number, count) = run.progress
            print("")
            let w = Words(language)
            print(w(.plainQuestion, ["n": number, "count": count, "again": run.isRetry ? w(.plainAskedAgain) : "", "id": item.qualifiedID]))
            PlainQuestionText.lines(question, language: language, shownOrder: shown).forEach { print($0) }
            if question.hint != nil { print(w(.plainHintHow)) }
            let started = Date()
            guard let answer = Self.readAnswer(question, language: language, shownOrder: shown) else {
                let answered = run.feedback.count
                print("")
                print(w(.plainEndOfInput, ["answers": w(answered == 1 ? .answersOne : .answersMany, ["n": answered])]))
                return
            }
            guard let feedback = run.answer(answer) else { return }
            keep(AnswerRecord(questionID: item.qualifiedID, lessonID: item.lessonID, answeredAt: LearnerClock.now(), answer: answer.logText, correct: feedback.correct,
                              milliseconds: max(0, Int(Date().timeIntervalSince(started) * 1000)), kind: kind))
            print(feedback.correct ? w(.plainRight) : w(.plainWrong, ["answer": PlainQuestionText.rightAnswer(question, language: language, shownOrder: shown)]))
            print(question.explanation.resolved(language).trimmed)
        }
        let score = run.score
        print("")
        print(Words(language)(.plainScore, ["right": score.right, "total": score.total]))
        // A review mixes lessons: its answers count, a score of its own would mean nothing.
        if kind == .quiz, let store, !storeFailed {
            do { try store.recordScore(quiz: run.id, score: score.right, total: score.total) } catch { warn(error) }
        }
    }

    /// Reads lines until one is an answer; nil at end of input.
    static func readAnswer(_ question: QuizQuestion, language: String, shownOrder: [Int]) -> QuizAnswer? {
        while true {
            print("> ", terminator: "")
            fflush(nil)
            guard let line = readLine() else { return nil }
            switch TypedAnswer.parse(line, for: question, shownOrder: shownOrder) {
            case .answer(let answer): return answer
            case .hint: print(Words(language)(.hintPrefix) + (question.hint?.resolved(language).trimmed ?? ""))
            case .invalid: print(TypedAnswer.accepted(for: question, language: language))
            }
        }
    }

    private mutating func keep(_ record: AnswerRecord) {
        guard let store, !storeFailed else { return }
        do { try store.record(record) } catch { warn(error) }
    }

    /// One warning, then the quiz goes on without saving: a learner mid-quiz loses nothing
    /// by finishing it.
    private mutating func warn(_ error: Error) {
        storeFailed = true
        Warning.say(Message(.answersCannotBeKept, ["problem": .problem(error)]), language: InterfaceLanguage(code: language))
    }
}
