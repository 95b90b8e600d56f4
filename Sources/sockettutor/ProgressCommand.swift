import ArgumentParser
import Foundation
import Glibc
import LessonKit
import Progress

struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show what you have done: lessons, quiz scores, questions due for review.",
        discussion: """
        Progress is kept in $SOCKETTUTOR_HOME/progress.sqlite, else \
        $XDG_DATA_HOME/sockettutor/progress.sqlite, else ~/.local/share/sockettutor/progress.sqlite. \
        --export writes all of it as JSON (docs/progress-format.md). --reset forgets one lesson's \
        progress (its completion, step, quiz scores and answers) or everything; settings stay.
        """
    )

    @Flag(help: "Forget the progress of the lesson given (or of 'final', the final quiz), or of everything.")
    var reset = false

    @Argument(help: ArgumentHelp("With --reset: the lesson to forget (default: everything).", valueName: "id"))
    var lesson: String?

    @Flag(name: .shortAndLong, help: "With --reset: do not ask for confirmation.")
    var yes = false

    @Option(help: ArgumentHelp("Write all your progress to this file as JSON ('-': standard output).", valueName: "file"))
    var export: String?

    @OptionGroup var lessonOptions: LessonOptions

    func validate() throws {
        if let lesson, !reset { throw ValidationError("'\(lesson)': a lesson id is taken only with --reset") }
        if yes, !reset { throw ValidationError("--yes is taken only with --reset") }
        if let export, export.isEmpty { throw ValidationError("--export: the output path is empty") }
    }

    func run() throws {
        let catalog = try lessonOptions.catalog()
        let (store, warning) = try ProgressStore.open(directory: ProgressStore.standardDirectory())
        if let warning { FileHandle.standardError.write(Data("sockettutor: warning: \(warning)\n".utf8)) }
        if let export { try write(store: store, to: export) }
        if reset { try resetProgress(store, catalog: catalog) }
        if export == nil, !reset {
            print(ProgressReport.text(summary: try store.summary(), schedule: try store.reviewSchedule(),
                                      lessonIDs: catalog.ids, storePath: store.path,
                                      language: SavedLanguage.resolve(explicit: lessonOptions.lang, store: store, fallback: lessonOptions.resolvedLanguage)))
        }
    }

    private func write(store: ProgressStore, to path: String) throws {
        let data = try store.exportJSON() + Data("\n".utf8)
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        try ReplacingFileWriter.write(data, to: path, option: "--export")
        let answers = try store.answers().count, scores = try store.scores().count
        print("\(path): \(answers) answers, \(scores) quiz scores (format: docs/progress-format.md)")
    }

    private func resetProgress(_ store: ProgressStore, catalog: LessonCatalog) throws {
        let summary = try store.summary()
        if let lesson, !catalog.ids.contains(lesson), lesson != "final", summary[lesson] == nil {
            throw ValidationError("unknown lesson '\(lesson)'. The lessons are: \((catalog.ids + ["final"]).joined(separator: ", "))")
        }
        let what = lesson.map { "the progress of '\($0)'" } ?? "all your progress"
        let answers = lesson.map { summary[$0]?.answers ?? 0 } ?? summary.values.reduce(0) { $0 + $1.answers }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw ValidationError("--reset: standard input is not a terminal to confirm on; add --yes to reset \(what) without asking")
            }
            FileHandle.standardError.write(Data("Forget \(what) (\(answers) answers) in \(store.path)? [y/N] ".utf8))
            guard let reply = readLine(), ["y", "yes"].contains(reply.trimmingCharacters(in: .whitespaces).lowercased()) else {
                print("Nothing was reset.")
                return
            }
        }
        try store.reset(lesson: lesson)
        print("Reset \(what): \(answers) answers forgotten.")
    }
}
