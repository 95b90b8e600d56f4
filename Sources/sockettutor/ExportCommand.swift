import Catalogue
import ArgumentParser
import Foundation
import LessonKit
import TUI
import Tutor

struct ExportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "export",
        abstract: CommandHelp.exportAbstract.text,
        discussion: CommandHelp.exportDiscussion.text
    ) }

    static let sizeRange = (minimum: ScreenSize.minimum, maximum: ScreenSize(columns: 500, rows: 200))
    static let idleLimitRange = 0.01...3600.0

    @Argument(help: ArgumentHelp(CommandHelp.exportFile.text, valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp(CommandHelp.exportAsciicast.text, valueName: "out.cast"))
    var asciicast: String

    // .unconditional here and below: `--size -100x30` and `--idle-limit -1` are values to
    // check, not a missing value and a flag.
    @Option(parsing: .unconditional, help: ArgumentHelp(CommandHelp.exportSize.text, valueName: "colsxrows"))
    var size: String = "100x30"

    @Option(name: .customLong("idle-limit"), parsing: .unconditional,
            help: ArgumentHelp(CommandHelp.exportIdleLimit.text, valueName: "seconds"))
    var idleLimit: Double = AsciicastExport.Options.defaultIdleLimit

    @Option(name: .long, help: ArgumentHelp(CommandHelp.exportLessons.text, valueName: "dir"))
    var lessons: String?

    @Option(name: .long, help: ArgumentHelp(CommandHelp.exportLang.text, valueName: "lang"))
    var lang: String?

    func validate() throws {
        if let lang, !Language.supported.contains(lang) { throw UsageProblem.option("--lang", LessonOptions.unknownLanguage(lang)) }
        _ = try screenSize()
        guard idleLimit.isFinite, Self.idleLimitRange.contains(idleLimit) else {
            throw UsageProblem.option("--idle-limit", "\(idleLimit)", Message(.secondsRange, ["low": "0.01", "high": "3600"]))
        }
        if asciicast.isEmpty { throw UsageProblem.option("--asciicast", Message(.emptyOutput)) }
    }

    /// `--size 120x40`.
    func screenSize() throws -> ScreenSize {
        let (low, high) = Self.sizeRange
        let rule = Message(.sizeRule, ["low": "\(low.columns)x\(low.rows)", "high": "\(high.columns)x\(high.rows)"])
        let parts = size.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let columns = Int(parts[0]), let rows = Int(parts[1]) else {
            throw UsageProblem.option("--size", size, rule)
        }
        guard (low.columns...high.columns).contains(columns), (low.rows...high.rows).contains(rows) else {
            throw UsageProblem.option("--size", size, rule)
        }
        return ScreenSize(columns: columns, rows: rows)
    }

    func run() throws {
        let recording: Recording
        do { recording = try RecordingReader.read(path: file) } catch { throw RecordingFailure(error: error) }
        for notice in recording.notices { warn(Words(RunLanguage.current)(notice)) }  // each names the file already
        if recording.end == nil {
            warn(Words(RunLanguage.current)(Message(.exportCutShort, ["file": .text(file), "events": .of(recording.events.count)])))
        }
        var options = AsciicastExport.Options(size: try screenSize(), idleLimit: idleLimit,
                                              colors: (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty)
        if let place = coursePlace(of: recording.header.lessonID) {
            options.lessonNumber = place.number
            options.lessonCount = place.count
        }
        let text = AsciicastExport.text(recording, options: options)
        try ReplacingFileWriter.write(Data(text.utf8), to: asciicast, option: "--asciicast")
        let steps = recording.events.filter { if case .stepStarted = $0.event { return true } else { return false } }.count
        print(Words(RunLanguage.current)(.asciicastWritten, ["path": asciicast, "frames": recording.events.count, "steps": steps,
                                                        "columns": options.size.columns, "rows": options.size.rows]))
    }

    /// The lesson's number in its course, as the live header showed it; nil when the course
    /// no longer has it (then the header says 1/1).
    private func coursePlace(of id: String) -> (number: Int, count: Int)? {
        guard let directory = try? LessonLibrary.locate(override: lessons),
              let catalog = try? LessonCatalog.load(directory: directory),
              let index = catalog.ids.firstIndex(of: id) else { return nil }
        return (index + 1, catalog.ids.count)
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data("sockettutor: \(Words(RunLanguage.current)(Message(.warningLead)))\(message)\n".utf8))
    }
}
