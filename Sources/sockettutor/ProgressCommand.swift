import Catalogue
import ArgumentParser
import Foundation
import Glibc
import LessonKit
import Progress

struct ProgressCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "progress",
        abstract: CommandHelp.progressAbstract.text,
        discussion: CommandHelp.progressDiscussion.text
    ) }

    @Flag(help: ArgumentHelp(CommandHelp.progressReset.text))
    var reset = false

    @Argument(help: ArgumentHelp(CommandHelp.progressLesson.text, valueName: "id"))
    var lesson: String?

    @Flag(name: .shortAndLong, help: ArgumentHelp(CommandHelp.progressYes.text))
    var yes = false

    @Option(help: ArgumentHelp(CommandHelp.progressExport.text, valueName: "file"))
    var export: String?

    @OptionGroup var lessonOptions: LessonOptions

    func validate() throws {
        if let lesson, !reset { throw UsageProblem.error(.lessonOnlyWithReset, ["lesson": .text(lesson)]) }
        if yes, !reset { throw UsageProblem.error(.yesOnlyWithReset) }
        if let export, export.isEmpty { throw UsageProblem.option("--export", Message(.emptyOutput)) }
    }

    func run() throws {
        let catalog = try lessonOptions.catalog()
        let (store, notice) = try ProgressStore.openTelling(directory: ProgressStore.standardDirectory())
        if let notice { Warning.say(notice, language: RunLanguage.beforeStore) }
        let w = Words(SavedLanguage.resolve(explicit: lessonOptions.lang, store: store, fallback: lessonOptions.resolvedLanguage))
        if let export { try write(store: store, to: export, w) }
        if reset { try resetProgress(store, catalog: catalog, w) }
        if export == nil, !reset {
            print(ProgressReport.text(summary: try store.summary(), schedule: try store.reviewSchedule(),
                                      lessonIDs: catalog.ids, storePath: store.path, language: w.language.rawValue))
        }
    }

    private func write(store: ProgressStore, to path: String, _ w: Words) throws {
        let data = try store.exportJSON() + Data("\n".utf8)
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        try ReplacingFileWriter.write(data, to: path, option: "--export")
        let answers = try store.answers().count, scores = try store.scores().count
        print(w(.exportDone, ["path": path, "answers": answers, "scores": scores]))
    }

    private func resetProgress(_ store: ProgressStore, catalog: LessonCatalog, _ w: Words) throws {
        let summary = try store.summary()
        if let lesson, !catalog.ids.contains(lesson), lesson != "final", summary[lesson] == nil {
            throw UsageProblem.error(Message(Phrase.unknownLesson, ["id": .text(lesson), "ids": .text((catalog.ids + ["final"]).joined(separator: ", "))]))
        }
        let what = lesson.map { w(.resetWhatLesson, ["id": $0]) } ?? w(.resetWhatAll)
        let answers = lesson.map { summary[$0]?.answers ?? 0 } ?? summary.values.reduce(0) { $0 + $1.answers }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw UsageProblem.error(Message(Phrase.resetNoTerminal, ["what": .text(what)]))
            }
            FileHandle.standardError.write(Data(w(.resetAsk, ["what": what, "n": answers, "path": store.path]).utf8))
            guard let reply = readLine(), ["y", "yes"].contains(reply.trimmingCharacters(in: .whitespaces).lowercased()) else {
                print(w(.resetNothing))
                return
            }
        }
        try store.reset(lesson: lesson)
        print(w(.resetDone, ["what": what, "n": answers]))
    }
}
