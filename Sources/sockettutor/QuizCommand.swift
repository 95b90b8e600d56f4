import Catalogue
import ArgumentParser
import Foundation
import LessonKit
import Progress
import Tutor

struct QuizCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "quiz",
        abstract: CommandHelp.quizAbstract.text,
        discussion: CommandHelp.quizDiscussion.text
    ) }

    @Argument(help: ArgumentHelp(CommandHelp.quizID.text, valueName: "id"))
    var id: String?

    // Full-screen on a terminal, as the menu's z, f and v are; plain text with --plain or
    // when stdin or stdout is not a terminal.
    @Flag(help: ArgumentHelp(CommandHelp.quizPlain.text))
    var plain = false

    @Flag(help: ArgumentHelp(CommandHelp.quizReview.text))
    var review = false

    @OptionGroup var lessonOptions: LessonOptions

    func validate() throws {
        if let id, review { throw UsageProblem.error(.reviewTakesNoLesson, ["id": .text(id)]) }
        if let id { try lessonOptions.checkLessonID(id) }
    }

    /// The id review answers and runs go by (the plain and full-screen forms alike).
    static let reviewID = "review"

    /// A fixed seed (SOCKETTUTOR_QUIZ_SEED) gives the same final-quiz draw and the same order
    /// shuffles every run.
    static func generator() -> SeededGenerator {
        let seed = ProcessInfo.processInfo.environment["SOCKETTUTOR_QUIZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        return SeededGenerator(seed: seed)
    }

    func run() throws {
        try LearnerClock.check()
        let catalog = try lessonOptions.catalog()
        var generator = Self.generator()
        let fullScreen = !plain && FullScreen.unavailableReason() == nil
        // --lang, else the language chosen in the menu (kept in the store), else the locale's.
        func language(_ store: ProgressStore?) -> String {
            SavedLanguage.resolve(explicit: lessonOptions.lang, store: store, fallback: lessonOptions.resolvedLanguage)
        }
        let quiz: QuizRun
        // Opened once the quiz is known: a mistyped lesson id leaves no store behind.
        var store: ProgressStore?
        if review {
            store = LearnerStore.open()
            guard let store else { throw UsageProblem.option("--review", Message(.reviewNeedsStore)) }
            let due = try store.reviewSchedule().dueQuestions(now: LearnerClock.now())
            do { quiz = try Self.reviewRun(catalog: catalog, due: due) } catch { throw LessonFileFailure(errors: error, language: language(store)) }
            if quiz.total == 0 {
                print(Words(language(store))(.noReviewDue))
                return
            }
            if fullScreen {
                try FullScreen.run(catalog: catalog, language: language(store), start: .questions(quiz, title: Words(language(store))(.reviewTitle)),
                                   options: SessionOptions(), store: store)
                return
            }
        } else if let id {
            guard let header = catalog.header(id: id) else {
                throw UsageProblem.error(Message(Phrase.unknownLesson, ["id": .text(id), "ids": .text(catalog.ids.joined(separator: ", "))]))
            }
            let lesson: Lesson
            do { lesson = try header.load() } catch { throw LessonFileFailure(errors: error, language: lessonOptions.resolvedLanguage) }
            quiz = QuizRun.lesson(lesson)
            if fullScreen, quiz.total > 0, let index = catalog.ids.firstIndex(of: id) {
                let store = LearnerStore.open()
                try FullScreen.run(catalog: catalog, language: language(store), start: .quiz(index), options: SessionOptions(), store: store)
                return
            }
        } else {
            do { quiz = try Self.finalRun(catalog: catalog, using: &generator) } catch {
                throw LessonFileFailure(errors: error, language: lessonOptions.resolvedLanguage)
            }
            if fullScreen, quiz.total > 0 {
                let store = LearnerStore.open()
                try FullScreen.run(catalog: catalog, language: language(store), start: .questions(quiz, title: Words(language(store))(.finalQuizTitle)),
                                   options: SessionOptions(), store: store)
                return
            }
        }
        if quiz.total == 0 {
            print(Words(lessonOptions.resolvedLanguage)(.noQuizQuestions, ["id": quiz.id]))
            return
        }
        if store == nil { store = LearnerStore.open() }
        var plainQuiz = PlainQuiz(run: quiz, language: language(store), store: store, kind: review ? .review : .quiz)
        plainQuiz.ask(using: &generator)
    }

    /// The final quiz: a few questions of every lesson (QuizRun.final).
    static func finalRun(catalog: LessonCatalog, using generator: inout SeededGenerator) throws(LessonErrors) -> QuizRun {
        var lessons: [Lesson] = []
        for header in catalog.headers { lessons.append(try header.load()) }
        return QuizRun.final(lessons, using: &generator)
    }

    /// The due questions (`lesson/question`) that a lesson still has, longest overdue first.
    /// Ids of questions or lessons since removed are skipped: nothing can ask them.
    static func reviewRun(catalog: LessonCatalog, due: [String]) throws(LessonErrors) -> QuizRun {
        var lessons: [String: Lesson] = [:]
        var items: [QuizItem] = []
        for qualified in due {
            guard let slash = qualified.firstIndex(of: "/") else { continue }
            let lessonID = String(qualified[..<slash]), questionID = String(qualified[qualified.index(after: slash)...])
            if lessons[lessonID] == nil, let header = catalog.header(id: lessonID) {
                lessons[lessonID] = try header.load()
            }
            if let question = lessons[lessonID]?.quiz.first(where: { $0.id == questionID }) {
                items.append(QuizItem(lessonID: lessonID, question: question, lessonTitle: lessons[lessonID]?.title))
            }
        }
        return QuizRun(id: reviewID, items: items)
    }
}
