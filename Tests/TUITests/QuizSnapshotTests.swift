import LessonKit
import Testing
import Tutor
@testable import TUI

/// The quiz screens at the smallest and a large terminal.
@Suite struct QuizSnapshotTests {
    static let sizes = [ScreenSnapshotTests.small, ScreenSnapshotTests.large]

    func check(_ view: QuizView, _ name: String) -> [Grid] {
        Self.sizes.map { size in
            let grid = QuizScreen.render(view, size: size)
            Snapshot.check(grid, "quiz-\(name)-\(size.columns)x\(size.rows)")
            #expect(grid.text.split(separator: "\n", omittingEmptySubsequences: false).count == size.rows)
            return grid
        }
    }

    @Test func aSingleChoiceQuestionWrapsAndMarksTheCursorWithATriangle() {
        var view = QuizFixtures.view([QuizFixtures.single, QuizFixtures.truth])
        view.move(by: 1)
        view.showingHint = true
        for grid in check(view, "single") {
            #expect(grid.text.contains("Quiz · Layers"))
            #expect(grid.text.contains("question 1/2"))
            #expect(grid.text.contains("▸ 2. The port"))
            #expect(grid.text.contains("Hint: Two programs"))
            #expect(grid.text.contains("1–9 pick"))
        }
    }

    @Test func anOrderQuestionBeingArrangedMarksTheItemThatMoves() {
        var view = QuizFixtures.view([QuizFixtures.order])
        view.move(by: 2)
        view.moveItem(by: -1)
        for grid in check(view, "order") {
            #expect(grid.text.contains("▸ 2. "))
            #expect(grid.text.contains("⇅"))
            #expect(grid.text.contains("u d move it up, down"))
        }
    }

    @Test func aFillInShowsTheTypedChineseTextWithItsCursor() {
        var view = QuizFixtures.view([QuizFixtures.fill], language: "zh")
        view.edit { $0.insert("网络编程accept") }
        view.edit { $0.move(by: -6) }
        for grid in check(view, "fill") {
            #expect(grid.text.contains("哪个调用等待连接"))
            #expect(grid.text.contains("> 网络编程▏accept"))
            #expect(grid.text.contains("Esc 离开"), "the interface speaks the quiz's language")
        }
    }

    @Test func feedbackShowsRightOrWrongTheRightAnswerAndTheExplanation() {
        var view = QuizFixtures.view([QuizFixtures.single, QuizFixtures.truth])
        view.pick(1)
        for grid in check(view, "feedback") {
            #expect(grid.text.contains("✗ Not right."))
            #expect(grid.text.contains("Your answer: 1. The IP address"))
            #expect(grid.text.contains("The answer:  2. The port"))
            #expect(grid.text.contains("comes again at the end"))
        }
    }

    @Test func theEndShowsTheScore() {
        var view = QuizFixtures.view([QuizFixtures.single, QuizFixtures.truth])
        view.pick(1); view.proceed()
        view.pick(2); view.proceed()
        view.pick(2); view.proceed()
        #expect(view.atEnd)
        for grid in check(view, "end") {
            #expect(grid.text.contains("Quiz done: 1/2 right on the first try."))
            #expect(grid.text.contains("✗ Which value"))
            #expect(grid.text.contains("✓ MTU"))
        }
    }

    @Test func belowTheMinimumSizeTheTooSmallScreenIsShown() {
        let grid = QuizScreen.render(QuizFixtures.view([QuizFixtures.single]), size: ScreenSize(columns: 60, rows: 20))
        #expect(grid.text.contains("terminal too small"))
    }

    @Test func manyChoicesScrollToKeepTheCursorInView() {
        let choices = (1...30).map { QuizChoice(key: "k\($0)", text: LocalizedText("choice number \($0)")) }
        let question = QuizQuestion(id: "many", question: LocalizedText("Which one?"), explanation: LocalizedText("That one."),
                                    kind: .single(choices: choices, answer: "k25"))
        var view = QuizFixtures.view([question])
        view.move(by: 14)
        let grid = QuizScreen.render(view, size: ScreenSnapshotTests.small)
        #expect(grid.text.contains("▸ 15. choice number 15"))
        #expect(grid.text.contains("↑ more") && grid.text.contains("↓ more"))
    }

    @Test func aFinishedLessonWithAQuizSaysPressZAndAReplayDoesNot() throws {
        var view = try ScreenSnapshotTests().view("client-server", through: nil, lessonNumber: 1, title: "Clients and servers")
        #expect(view.live.finished)
        #expect(!LessonScreen.render(view, size: ScreenSnapshotTests.large, now: view.shown.lastEventAt).text.contains("for the quiz"))
        view.quizOffered = true
        let text = LessonScreen.render(view, size: ScreenSnapshotTests.large, now: view.shown.lastEventAt).text
        #expect(text.contains("— end of the lesson —") && text.contains("press z for the quiz"))
        let small = LessonScreen.render(view, size: ScreenSnapshotTests.small, now: view.shown.lastEventAt).text
        #expect(small.split(separator: "\n").last?.hasPrefix(" z quiz · b back") == true, "the key bar offers z")
    }

    @Test func feedbackTooLongForTheScreenIsCutWithAnEllipsis() {
        var question = QuizFixtures.truth
        question.explanation = LocalizedText((1...60).map { "Sentence \($0) of a very long explanation." }.joined(separator: " "))
        var view = QuizFixtures.view([question])
        view.pick(1)
        let rows = QuizScreen.render(view, size: ScreenSnapshotTests.small).text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == 24)
        #expect(rows[21] == "  …")
        #expect(rows[23].contains("any key next question"))
    }
}
