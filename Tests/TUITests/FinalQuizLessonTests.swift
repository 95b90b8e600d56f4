import Catalogue
import Foundation
import LessonKit
import Testing
import Tutor
@testable import TUI

/// The final quiz and the review mix lessons: under the header, each question says which
/// lesson it comes from, by the lesson's title in the run's language; one lesson's quiz,
/// whose title is the header's, does not.
@Suite struct FinalQuizLessonTests {
    static func finalRun() throws -> (QuizRun, [Lesson]) {
        let lessons = try LessonLibrary.load(directory: Fixtures.lessons).lessons
        var generator = SeededGenerator(seed: 7)
        return (QuizRun.final(lessons, using: &generator), lessons)
    }

    @Test(arguments: [("en", "From the lesson: "), ("zh", "本题出自：")])
    func theFinalQuizSaysWhichLessonTheQuestionComesFrom(_ language: String, _ prefix: String) throws {
        let (run, lessons) = try Self.finalRun()
        let first = try #require(lessons.first { $0.id == run.current?.lessonID })
        let view = QuizView(run: run, lessonTitle: Words(language)(.finalQuizTitle), language: language)
        let grid = QuizScreen.render(view, size: ScreenSnapshotTests.small)
        if language == "zh" { Snapshot.check(grid, "zh-quiz-final-80x24") }
        ChineseScreenTests.checkLayout(grid, ScreenSnapshotTests.small, lastKey: language == "zh" ? "q 离开" : "q leave", "final quiz")
        let rows = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[1].trimmingCharacters(in: .whitespaces) == prefix + first.title.resolved(language))
    }

    /// Every lesson's title, in either language, fits whole under an 80-column header.
    @Test func everyLessonsTitleFitsAt80Columns() throws {
        let (_, lessons) = try Self.finalRun()
        for lesson in lessons {
            let question = try #require(lesson.quiz.first { $0.predictedStep == nil })
            let run = QuizRun(id: "final", items: [QuizItem(lessonID: lesson.id, question: question, lessonTitle: lesson.title)])
            for language in ["en", "zh"] {
                let grid = QuizScreen.render(QuizView(run: run, lessonTitle: "Final quiz", language: language), size: ScreenSnapshotTests.small)
                let row = grid.text.split(separator: "\n", omittingEmptySubsequences: false)[1]
                #expect(row.hasSuffix(lesson.title.resolved(language)), "\(lesson.id) \(language): \(row)")
            }
        }
    }

    @Test func aLessonsOwnQuizShowsNoLessonLine() throws {
        let view = QuizFixtures.view([QuizFixtures.single])
        let rows = QuizScreen.render(view, size: ScreenSnapshotTests.small).text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[1].trimmingCharacters(in: .whitespaces).isEmpty)
    }

    /// The feedback after an answer still says where the question came from.
    @Test func theFeedbackKeepsTheLessonLine() throws {
        var view = QuizView(run: try Self.finalRun().0, lessonTitle: "Final quiz", language: "en")
        let title = try #require(view.questionLesson)
        view.pick(1)
        _ = view.submit()
        #expect(view.mode == .feedback)
        #expect(QuizScreen.render(view, size: ScreenSnapshotTests.small).text.contains("From the lesson: \(title)"))
    }
}
