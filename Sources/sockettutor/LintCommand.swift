import Catalogue
import ArgumentParser
import Catalogue
import Foundation
import LessonKit
import Tutor

struct LintCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "lint",
        abstract: CommandHelp.lintAbstract.text,
        discussion: CommandHelp.lintDiscussion.text
    ) }

    @Argument(help: ArgumentHelp(CommandHelp.lintPaths.text))
    var paths: [String] = []

    @Flag(name: .customLong("run"), help: ArgumentHelp(CommandHelp.lintRun.text))
    var runLessons = false

    @Option(name: .customLong("languages"), help: ArgumentHelp(CommandHelp.lintLanguages.text, valueName: "en,zh"))
    var languages = Language.supported.joined(separator: ",")

    @OptionGroup var lessonOptions: LessonOptions

    var requiredLanguages: [String] {
        languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    func validate() throws {
        if requiredLanguages.isEmpty { throw UsageProblem.option("--languages", Message(.noLanguagesNamed)) }
        for language in requiredLanguages where !Language.supported.contains(language) {
            throw UsageProblem.option("--languages", LessonOptions.unknownLanguage(language))
        }
    }

    func run() throws {
        let language = InterfaceLanguage(code: lessonOptions.resolvedLanguage)
        var lessons: [Lesson] = []
        var problems: [LessonError] = []
        let targets: [String]
        do {
            targets = paths.isEmpty ? [try LessonLibrary.locate(override: lessonOptions.lessons).path] : paths
        } catch {
            throw LessonFileFailure(errors: error, language: lessonOptions.resolvedLanguage)
        }
        for path in targets {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(LessonError(file: path, line: 1, column: 1, .noSuchPath))
                continue
            }
            if isDirectory.boolValue {
                do {
                    let library = try LessonLibrary.load(directory: URL(fileURLWithPath: path), displayPrefix: paths.isEmpty ? nil : path)
                    lessons += library.lessons
                    problems += LessonLint.unlisted(in: URL(fileURLWithPath: path), library: library, shownAs: paths.isEmpty ? nil : path)
                } catch {
                    problems += error.errors
                }
            } else {
                switch LessonLoader.load(contentsOf: URL(fileURLWithPath: path), displayPath: path) {
                case .success(let lesson): lessons.append(lesson)
                case .failure(let errors): problems += errors.errors
                }
            }
        }
        var steps = 0
        if runLessons && problems.isEmpty {
            for lesson in lessons {
                let report = LessonLint.run(lesson, language: language.rawValue)
                steps += report.steps
                problems += report.errors
            }
        }
        // After the run: a text not yet translated does not stop the lessons being run.
        for lesson in lessons {
            problems += Translations.missing(in: lesson, languages: requiredLanguages)
        }
        if !problems.isEmpty {
            for problem in problems { FileHandle.standardError.write(Data((problem.text(language) + "\n").utf8)) }
            throw ExitCode.failure
        }
        let summary: LessonProblem = switch (lessons.count == 1, runLessons) {
        case (true, false): .lintLessonOK
        case (false, false): .lintLessonsOK
        case (true, true): .lintLessonOKRun
        case (false, true): .lintLessonsOKRun
        }
        print(Message(summary, ["count": .of(lessons.count), "steps": .of(steps)]).text(language))
    }
}
