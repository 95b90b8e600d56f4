import LessonKit
import Testing
import Tutor
@testable import TUI

/// The quiz model alone: keys' effects, the line editor, feedback, retries and the score.
@Suite struct QuizViewTests {
    @Test func cursorMovesWithinTheChoicesAndADigitAnswersASingleChoiceAtOnce() {
        var view = QuizFixtures.view([QuizFixtures.single, QuizFixtures.truth])
        #expect(view.mode == .choosing && view.options.count == 3)
        view.move(by: -1)
        #expect(view.cursor == 0)
        view.move(by: 5)
        #expect(view.cursor == 2)
        let result = view.pick(2)
        #expect(result?.correct == true && result?.answer == .choice("b"))
        #expect(view.mode == .feedback)
        view.proceed()
        #expect(view.options == ["True", "False"] && view.shownProgress.number == 2)
        view.move(by: 1)
        #expect(view.submit()?.correct == true)
    }

    @Test func digitsAndSpaceTickAMultipleAnswerQuestionAndEnterAnswersWithTheTicks() {
        var view = QuizFixtures.view([QuizFixtures.multiple])
        #expect(view.submit() == nil, "nothing ticked: no answer yet")
        #expect(view.pick(1) == nil)
        view.move(by: 1)
        view.toggle()
        view.toggle()
        view.toggle()
        #expect(view.ticked == ["a", "b"])
        #expect(view.submit()?.correct == true)
    }

    @Test func anOrderQuestionStartsShuffledAndUAndDMoveTheItemUnderTheCursor() {
        var view = QuizFixtures.view([QuizFixtures.order])
        #expect(view.mode == .ordering)
        #expect(view.arrangement != [0, 1, 2, 3] && view.arrangement.sorted() == [0, 1, 2, 3])
        #expect(QuizView.shuffledOrder(count: 4, seed: "layers/layers") == view.arrangement, "the same every time")
        // Selection sort by moving items up, as a learner would.
        for target in 0..<4 {
            let at = view.arrangement.firstIndex(of: target)!
            view.move(by: at - view.cursor)
            for _ in 0..<(at - target) { view.moveItem(by: -1) }
            #expect(view.cursor == target, "the cursor follows the moved item")
        }
        #expect(view.arrangement == [0, 1, 2, 3])
        view.move(by: -9)
        view.moveItem(by: -1)
        #expect(view.arrangement == [0, 1, 2, 3], "nothing moves past the top")
        #expect(view.submit()?.correct == true)
    }

    @Test func theLineEditorWorksOnCharactersAndMeasuresWideOnesAsTwoColumns() {
        var editor = LineEditor()
        editor.insert("网络")
        editor.insert("ab")
        #expect(editor.cursorColumn == 6)
        editor.move(by: -3)
        #expect(editor.cursor == 1 && editor.cursorColumn == 2)
        editor.backspace()
        #expect(editor.text == "络ab" && editor.cursor == 0)
        editor.backspace()
        editor.deleteForward()
        #expect(editor.text == "ab")
        editor.end()
        editor.insert("é")
        editor.home()
        editor.insert("编")
        #expect(editor.text == "编abé" && editor.cursorColumn == 2)
        editor.end()
        editor.deleteForward()
        #expect(editor.text == "编abé" && editor.cursorColumn == 5)
    }

    @Test func aMissedQuestionComesAgainAtTheEndAndOnlyFirstTriesScore() {
        var view = QuizFixtures.view([QuizFixtures.fill, QuizFixtures.truth])
        #expect(view.mode == .typing)
        view.edit { $0.insert("监听") }
        let wrong = view.submit()
        #expect(wrong?.correct == false && wrong?.answer == .text("监听"))
        view.proceed()
        view.pick(2)
        view.proceed()
        #expect(view.mode == .typing && view.shownProgress == (3, 3) && view.run.isRetry)
        #expect(view.editor.text.isEmpty, "a fresh editor for the retry")
        view.edit { $0.insert("Accept()") }
        #expect(view.submit()?.correct == true)
        view.proceed()
        #expect(view.atEnd && view.mode == .end)
        #expect(view.run.score == (1, 2))
    }

    @Test func theHintTogglesAndIsForgottenOnTheNextQuestion() {
        var view = QuizFixtures.view([QuizFixtures.single, QuizFixtures.truth])
        view.showingHint = true
        view.pick(1)
        view.proceed()
        #expect(!view.showingHint)
    }

    @Test func quizKeysDependOnHowTheQuestionIsAnswered() {
        #expect(KeyMap.quiz(.character("q"), mode: .choosing) == .quit)
        #expect(KeyMap.quiz(.character("q"), mode: .typing) == .type("q"))
        #expect(KeyMap.quiz(.character("网"), mode: .typing) == .type("网"))
        #expect(KeyMap.quiz(.escape, mode: .typing) == .quit)
        #expect(KeyMap.quiz(.tab, mode: .typing) == .hint)
        #expect(KeyMap.quiz(.backspace, mode: .typing) == .deleteBackward)
        #expect(KeyMap.quiz(.character("3"), mode: .choosing) == .select(3))
        #expect(KeyMap.quiz(.character(" "), mode: .choosing) == .tick)
        #expect(KeyMap.quiz(.character("u"), mode: .ordering) == .moveItem(-1))
        #expect(KeyMap.quiz(.character("d"), mode: .ordering) == .moveItem(1))
        #expect(KeyMap.quiz(.character("x"), mode: .feedback) == .proceed)
        #expect(KeyMap.quiz(.character("q"), mode: .end) == .quit)
        #expect(KeyMap.menu(.character("z")) == .openQuiz)
    }
}
