import Catalogue
import ArgumentParser
import Foundation
import Glibc
import LessonKit
import Progress
import TUI
import Tutor

@main
struct SocketTutorCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "sockettutor",
        abstract: CommandHelp.rootAbstract.text,
        discussion: CommandHelp.rootDiscussion.text,
        version: "0.1.0",
        subcommands: [ListCommand.self, LearnCommand.self, ReplayCommand.self, ExportCommand.self, ProgressCommand.self, QuizCommand.self, LintCommand.self]
    ) }

    @OptionGroup var lessonOptions: LessonOptions
    @OptionGroup var captureOptions: CaptureOptions
    @OptionGroup var recordOptions: RecordOptions

    /// ArgumentParser's `main(nil)`, with the errors said by TopLevel in the run's language.
    static func main() {
        ProcessStart.openMissingStandardDescriptors()
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            TopLevel.exit(error)
        }
    }

    func run() throws {
        try LearnerClock.check()
        let catalog = try lessonOptions.catalog()
        if let reason = FullScreen.unavailableReason() {
            let language = lessonOptions.languageWithSaved
            let w = Words(language)
            if reason == FullScreen.stdinNotATerminal {
                // stdout is the terminal here: say it where an error would go too.
                FileHandle.standardError.write(Data("sockettutor: \(w(.showingLessonList, ["reason": ReasonWords.say(reason, w)]))\n".utf8))
            }
            print(LessonListing.text(catalog, language: language))
            print("")
            print(w(.startALesson, ["id": catalog.ids.first ?? "ID"]))
            print(w(.noMenu, ["reason": ReasonWords.say(reason, w)]))
            return
        }
        var options = try captureOptions.sessionOptions()
        options.recording = recordOptions.plan(path: nil)
        defer { recordOptions.tellWarnings(options.recording, language: RunLanguage.current.rawValue) }
        let store = LearnerStore.open()
        try FullScreen.run(catalog: catalog, language: SavedLanguage.resolve(explicit: lessonOptions.lang, store: store,
                                                                             fallback: lessonOptions.resolvedLanguage),
                           start: .menu, options: options, store: store)
        if let failure = options.pcap?.failure { throw failure }
    }
}

/// Packet capture settings, for the commands that run lessons.
struct CaptureOptions: ParsableArguments {
    @Flag(name: .customLong("no-capture"), help: ArgumentHelp(CommandHelp.noCaptureOption.text))
    var noCapture = false

    @Option(name: .long, help: ArgumentHelp(CommandHelp.pcapOption.text, valueName: "file"))
    var pcap: String?

    /// Decides where packets can be captured (this must run while the process has one
    /// thread) and opens the pcap file, so that a bad path stops the run before it starts.
    func sessionOptions() throws -> SessionOptions {
        var options = SessionOptions()
        options.capture = CapturePlan.prepare(enabled: !noCapture)
        if let pcap {
            if case .unavailable(let reason) = options.capture {
                throw UsageProblem.option("--pcap", pcap, Message(.noCaptureHere, ["reason": .text(reason)]))
            }
            options.pcap = try PcapWriter(path: pcap)
        }
        return options
    }
}

/// Options every command that reads lessons shares.
struct LessonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(CommandHelp.lessonsOption.text, valueName: "dir"))
    var lessons: String?

    @Option(name: .long, help: ArgumentHelp(CommandHelp.langOption.text))
    var lang: String?

    func validate() throws {
        if let lessons, lessons.isEmpty {
            throw UsageProblem.option("--lessons", Message(.emptyDirectory))
        }
        if let lang, !Language.supported.contains(lang) {
            throw UsageProblem.option("--lang", Self.unknownLanguage(lang))
        }
    }

    /// What `--lang` (or lint's `--languages`) says about a value it does not know.
    static func unknownLanguage(_ value: String) -> Message {
        Message(.unknownLanguage, ["value": .text(value), "choices": .text(Language.supported.joined(separator: ", "))])
    }

    var resolvedLanguage: String {
        // Without the store; commands that open it put the menu's saved choice between the flag
        // and the locale (SavedLanguage.resolve).
        Language.choose(flag: lang, saved: nil, environment: ProcessInfo.processInfo.environment)
    }

    /// For a command that shows text without opening the store (list): `--lang`, else the
    /// saved choice (looked at only when the store's file exists), else the locale.
    var languageWithSaved: String {
        if let lang { return lang }
        return Language.choose(flag: nil, saved: RunLanguage.saved(), environment: ProcessInfo.processInfo.environment)
    }

    /// A lesson id the course does not have is a usage error, found while the command line
    /// is checked (a broken course is left for run, which reports its files).
    func checkLessonID(_ id: String) throws {
        guard let catalog = try? catalog(), catalog.header(id: id) == nil else { return }
        throw UsageProblem.error(Message(Phrase.unknownLesson, ["id": .text(id), "ids": .text(catalog.ids.joined(separator: ", "))]))
    }

    /// The course's lesson headers; a lesson is parsed in full only when it is opened.
    func catalog() throws -> LessonCatalog {
        do {
            let directory = try LessonLibrary.locate(override: lessons)
            return try LessonCatalog.load(directory: directory, displayPrefix: lessons)
        } catch {
            throw LessonFileFailure(errors: error, language: resolvedLanguage)
        }
    }
}

/// Lesson file problems, printed one per line as `file:line:column: message` in the run's language.
struct LessonFileFailure: SpokenError, CustomStringConvertible {
    var errors: LessonErrors
    var language: InterfaceLanguage

    init(errors: LessonErrors, language: String) {
        self.errors = errors
        self.language = InterfaceLanguage(code: language)
    }

    func text(_ language: InterfaceLanguage) -> String { errors.text(language) }
    var description: String { errors.text(language) }
}

enum LessonListing {
    static func text(_ catalog: LessonCatalog, language: String) -> String {
        let width = catalog.ids.map(\.count).max() ?? 0
        return catalog.headers.enumerated().map { index, lesson in
            let number = String(index + 1).leftPadded(to: 2)
            return "\(number)  \(lesson.id + String(repeating: " ", count: max(0, width - lesson.id.count)))  \(lesson.title.resolved(language))"
        }.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

struct ListCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "list", abstract: CommandHelp.listAbstract.text) }
    @OptionGroup var lessonOptions: LessonOptions

    func run() throws {
        print(LessonListing.text(try lessonOptions.catalog(), language: lessonOptions.languageWithSaved))
    }
}

/// Starting the full-screen interface, or saying why it cannot start.
enum FullScreen {
    static let stdinNotATerminal = "standard input is not a terminal"

    /// Why the full-screen interface cannot be used here, or nil when it can.
    static func unavailableReason() -> String? {
        if isatty(STDOUT_FILENO) != 1 { return "standard output is not a terminal" }
        // ncurses would read keys from a file or /dev/null: at its end every read returns
        // at once, the loop spins a core and q can never arrive.
        if isatty(STDIN_FILENO) != 1 { return stdinNotATerminal }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if term.isEmpty { return "TERM is not set" }
        if term == "dumb" { return "TERM is dumb" }
        return nil
    }

    static func run(catalog: LessonCatalog, language: String, start: TutorApp.Start, options: SessionOptions,
                    opened: Lesson? = nil, store: ProgressStore? = nil) throws {
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let app = TutorApp(lessons: catalog.headers, language: language, start: start, sessionOptions: options, opened: opened)
        QuizProgress.connect(app, to: store, catalog: catalog)
        SavedLanguage.connect(app, to: store)
        let exit: TutorApp.Exit
        // A lesson chosen in the menu whose file is broken: the terminal is restored by now.
        do { exit = try app.run(colors: !noColor) } catch let errors as LessonErrors { throw LessonFileFailure(errors: errors, language: app.language) }
        if exit.status != 0 { throw ExitCode(exit.status) }
    }
}
