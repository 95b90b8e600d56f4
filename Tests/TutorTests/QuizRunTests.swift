import Foundation
import LessonKit
import Testing
@testable import Tutor

@Suite struct QuizRunTests {
    static func question(_ id: String, answer: Bool) -> QuizQuestion {
        QuizQuestion(id: id, question: LocalizedText("q \(id)"), explanation: LocalizedText("because"), kind: .trueFalse(answer: answer))
    }

    @Test func missedQuestionsAreAskedAgainAtTheEndAndTheScoreCountsFirstTries() {
        var run = QuizRun(id: "x", items: ["a", "b", "c"].map { QuizItem(lessonID: "x", question: Self.question($0, answer: true)) })
        #expect(run.current?.qualifiedID == "x/a" && run.progress == (1, 3))
        run.answer(.truth(true))
        #expect(run.answer(.truth(false))?.correct == false)   // b missed
        run.answer(.truth(true))
        #expect(run.current?.question.id == "b" && run.isRetry && run.progress == (4, 4))
        #expect(run.answer(.truth(true))?.retry == true)
        #expect(run.finished)
        #expect(run.score == (2, 3))
        #expect(run.answer(.truth(true)) == nil)
    }

    @Test func predictQuestionsAreLeftForTheLesson() {
        let predict = QuizQuestion(id: "p", question: LocalizedText("p"), explanation: LocalizedText("e"),
                                   kind: .predict(step: "s", choices: [], answer: nil))
        let run = QuizRun(id: "x", items: [QuizItem(lessonID: "x", question: predict), QuizItem(lessonID: "x", question: Self.question("a", answer: false))])
        #expect(run.total == 1 && run.current?.question.id == "a")
    }

    @Test func everyBuiltInLessonGivesAQuizOfAtLeastFourQuestions() throws {
        let library = try LessonLibrary.load(directory: LessonLibrary.locate(override: nil))
        for lesson in library.lessons { #expect(QuizRun.lesson(lesson).total >= 4, "\(lesson.id)") }
        var rng = SystemRandomNumberGenerator()
        let final = QuizRun.final(library.lessons, using: &rng)
        #expect(final.total == 2 * library.lessons.count)
        #expect(Set(final.queue.map(\.lessonID)).count == library.lessons.count)
    }
}
