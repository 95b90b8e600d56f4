import ArgumentParser
import Foundation
import LessonKit
import Progress
import Tutor

struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Take a lesson's quiz, the final quiz (no ID), or the questions due for review.",
        discussion: """
        Questions are asked in plain text: choices numbered, answers typed on a line (a number; \
        several numbers for multiple answers; t or f; the numbers of an order question's items in \
        the right order; free text for a fill-in), h for a hint. Missed questions are asked again \
        at the end; the score counts first tries. End of input leaves the quiz and keeps the \
        answers given. Every answer and the score are kept in your progress.
        """
    )

    @Argument(help: ArgumentHelp("The lesson whose quiz to take (default: the final quiz, drawing from every lesson).", valueName: "id"))
    var id: String?

    // A lesson's quiz is full-screen on a terminal; the final quiz and --review are asked in
    // plain text for now (the full-screen quiz opens one lesson's questions).
    @Flag(help: "Ask in plain text (choices numbered, answers typed on stdin).")
    var plain = false

    @Flag(help: "Ask the questions that are due for review.")
    var review = false

    @OptionGroup var lessonOptions: LessonOptions

    func validate() throws {
        if let id, review { throw ValidationError("'\(id)': --review asks the due questions of every lesson; give no lesson id") }
    }

    func run() throws {
        let catalog = try lessonOptions.catalog()
        // A fixed seed gives the same final-quiz draw and the same order shuffles every run.
        let seed = ProcessInfo.processInfo.environment["SOCKETTUTOR_QUIZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        var generator = SeededGenerator(seed: seed)
        let quiz: QuizRun
        // Opened once the quiz is known: a mistyped lesson id leaves no store behind.
        var store: ProgressStore?
        if review {
            store = LearnerStore.open()
            guard let store else { throw ValidationError("--review: the progress store could not be opened") }
            quiz = try Self.reviewRun(catalog: catalog, due: try store.reviewSchedule().dueQuestions())
            if quiz.total == 0 {
                print("No questions are due for review.")
                return
            }
        } else if let id {
            guard let header = catalog.header(id: id) else {
                throw ValidationError("unknown lesson '\(id)'. The lessons are: \(catalog.ids.joined(separator: ", "))")
            }
            let lesson: Lesson
            do { lesson = try header.load() } catch { throw LessonFileFailure(errors: error) }
            quiz = QuizRun.lesson(lesson)
            if !plain, quiz.total > 0, FullScreen.unavailableReason() == nil, let index = catalog.ids.firstIndex(of: id) {
                try FullScreen.run(catalog: catalog, language: lessonOptions.resolvedLanguage, start: .quiz(index),
                                   options: SessionOptions(), store: LearnerStore.open())
                return
            }
        } else {
            var lessons: [Lesson] = []
            for header in catalog.headers {
                do { lessons.append(try header.load()) } catch { throw LessonFileFailure(errors: error) }
            }
            quiz = QuizRun.final(lessons, using: &generator)
        }
        if quiz.total == 0 {
            print("'\(quiz.id)' has no quiz questions.")
            return
        }
        if store == nil { store = LearnerStore.open() }
        var plainQuiz = PlainQuiz(run: quiz, language: lessonOptions.resolvedLanguage, store: store, kind: review ? .review : .quiz)
        plainQuiz.ask(using: &generator)
    }

    /// The due questions (`lesson/question`) that a lesson still has, longest overdue first.
    /// Ids of questions or lessons since removed are skipped: nothing can ask them.
    static func reviewRun(catalog: LessonCatalog, due: [String]) throws -> QuizRun {
        var lessons: [String: Lesson] = [:]
        var items: [QuizItem] = []
        for qualified in due {
            guard let slash = qualified.firstIndex(of: "/") else { continue }
            let lessonID = String(qualified[..<slash]), questionID = String(qualified[qualified.index(after: slash)...])
            if lessons[lessonID] == nil, let header = catalog.header(id: lessonID) {
                do { lessons[lessonID] = try header.load() } catch { throw LessonFileFailure(errors: error) }
            }
            if let question = lessons[lessonID]?.quiz.first(where: { $0.id == questionID }) {
                items.append(QuizItem(lessonID: lessonID, question: question))
            }
        }
        return QuizRun(id: "review", items: items)
    }
}
