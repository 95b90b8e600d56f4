import Foundation
import LessonKit
import Testing
@testable import Tutor

/// Predict questions are scored against what the kernel did in this very run, and the
/// course's lessons each carry a real quiz.
@Suite(.serialized) struct QuizLiveTests {
    static func predict(step: String, answer: String) -> QuizQuestion {
        QuizQuestion(id: "guess", question: LocalizedText("What will accept() do?"), explanation: LocalizedText("E."), kind: .predict(step: step, choices: [
            QuizChoice(key: "returns", text: LocalizedText("returns at once"), outcome: .returns),
            QuizChoice(key: "blocks", text: LocalizedText("waits"), outcome: .blocks),
            QuizChoice(key: "refused", text: LocalizedText("fails with ECONNREFUSED"), outcome: .error("ECONNREFUSED")),
        ], answer: answer))
    }

    /// tcp-workflow run in-process: the kernel shows accept() asleep, so "blocks" is right
    /// and "returns" wrong, although the question's stored answer says "returns".
    @Test func predictIsScoredByTheKernelNotByTheStoredAnswer() throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "tcp-workflow"))
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        let observed = try #require(StepObservation.outcome(of: "server-accept", in: h.events))
        #expect(observed.kind == .blocked)
        #expect(StepObservation.outcome(of: "server-accept", in: h.state) == observed, "the folded state tells the same")
        let question = Self.predict(step: "server-accept", answer: "returns")
        #expect(QuizScoring.score(question, choice: "blocks", observed: observed))
        #expect(!QuizScoring.score(question, choice: "returns", observed: observed))
        #expect(!QuizScoring.score(question, choice: "refused", observed: observed))

        // The other observable kinds, from the same run.
        #expect(StepObservation.outcome(of: "send-on-listener", in: h.events) == ObservedOutcome(.failed(errno: "EPIPE")))
        #expect(StepObservation.outcome(of: "client-send", in: h.events) == ObservedOutcome(.returned, bytes: 6))
        #expect(StepObservation.outcome(of: "server-eof", in: h.events) == ObservedOutcome(.endOfStream, bytes: 0))
        #expect(StepObservation.outcome(of: "client-connect", in: h.state) == ObservedOutcome(.returned))
        #expect(StepObservation.outcome(of: "no-such-step", in: h.events) == nil)

        // Every predict question of the lesson has a right choice in this run.
        #expect(LessonLint.predictProblems(lesson, events: h.events).isEmpty)
    }

    /// A real errno that differs from the predicted one scores wrong, whatever the answer says.
    @Test func aDifferentErrnoIsWrong() throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "closing"))
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        let observed = try #require(StepObservation.outcome(of: "client-send-again", in: h.events))
        #expect(observed == ObservedOutcome(.failed(errno: "EPIPE")))
        let question = try #require(lesson.quiz.first { $0.predictedStep == "client-send-again" })
        let reset = try #require(question.choices.first { $0.outcome == .error("ECONNRESET") })
        let pipe = try #require(question.choices.first { $0.outcome == .error("EPIPE") })
        #expect(!QuizScoring.score(question, choice: reset.key, observed: observed))
        #expect(QuizScoring.score(question, choice: pipe.key, observed: observed))
        #expect(LessonLint.predictProblems(lesson, events: h.events).isEmpty)
    }

    /// A prediction made before its step, fed the live run's events as the screen and the
    /// plain lesson feed them: the errno the kernel really gave decides, not the stored answer.
    @Test func aPendingPredictionOfTheStoredButWrongErrnoScoresWrongInALiveRun() throws {
        let lesson = try #require(try Fixtures.builtIn().lesson(id: "tcp-workflow"))
        let real = try #require(lesson.predictQuestion(beforeStep: "send-on-listener"))
        var question = real
        // The same question with a stored answer that is wrong on Linux: ECONNREFUSED.
        let refused = try #require(real.choices.first { $0.outcome == .error("ECONNREFUSED") })
        let pipe = try #require(real.choices.first { $0.outcome == .error("EPIPE") })
        question.kind = .predict(step: "send-on-listener", choices: real.choices, answer: refused.key)
        let item = QuizItem(lessonID: lesson.id, question: question)
        let h = try SessionHarness(lesson)
        #expect(h.runToEnd())
        #expect(h.leave())
        // Answered just before the step started: only the events from there on are fed.
        let start = try #require(h.events.firstIndex {
            if case .stepStarted(let id, _, _, _, _) = $0.event { id == "send-on-listener" } else { false }
        })
        func settle(_ choice: String) throws -> PredictionResult {
            var pending = try #require(PendingPrediction(item: item, choice: choice, milliseconds: 5))
            return try #require(h.events[start...].lazy.compactMap { pending.observe($0) }.first)
        }
        let stored = try settle(refused.key)
        #expect(stored.observed == ObservedOutcome(.failed(errno: "EPIPE")))
        #expect(!stored.correct, "the stored answer, ECONNREFUSED, is not what the kernel did")
        #expect(try settle(pipe.key).correct, "EPIPE is, whatever the stored answer says")
        #expect(PendingPrediction(item: QuizItem(lessonID: lesson.id, question: lesson.quiz.first { $0.predictedStep == nil }!),
                                  choice: "a", milliseconds: 0) == nil, "only a predict question can be pending")
    }

    /// lint --run names a predict question whose every choice misses, at its position.
    @Test func lintReportsAPredictQuestionThatNoRunCanMatch() throws {
        var lesson = try #require(try Fixtures.builtIn().lesson(id: "tcp-workflow"))
        var wrong = Self.predict(step: "server-accept", answer: "returns")
        wrong.kind = .predict(step: "server-accept", choices: wrong.choices.filter { $0.outcome != .blocks }, answer: "returns")
        wrong.line = 7
        wrong.column = 5
        lesson.quiz = [wrong]
        let report = LessonLint.run(lesson)
        #expect(report.problems == ["\(lesson.file):7:5: predict question 'guess': no choice matches what step 'server-accept' did in this run (blocked); the choices offer returns, ECONNREFUSED"])
    }

    @Test func everyLessonHasAQuizOfSixQuestionsAndThreeTypes() throws {
        let library = try Fixtures.builtIn()
        for lesson in library.lessons {
            #expect(lesson.quiz.count >= 6, "\(lesson.id) has \(lesson.quiz.count) questions")
            #expect(Set(lesson.quiz.map(\.typeName)).count >= 3, "\(lesson.id) mixes \(Set(lesson.quiz.map(\.typeName)).sorted())")
        }
        for id in ["client-server", "tcp-workflow", "closing", "backlog"] {
            #expect(library.lesson(id: id)?.quiz.contains { $0.predictedStep != nil } == true, "\(id) has a predict question")
        }
        let all = Set(library.lessons.flatMap { $0.quiz.map(\.typeName) })
        #expect(all == Set(["single", "multiple", "truefalse", "fill", "order", "predict"]))
    }
}
