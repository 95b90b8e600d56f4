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
    static let configuration = CommandConfiguration(
        commandName: "sockettutor",
        abstract: "Learn sockets by making real calls on real sockets, one step at a time.",
        discussion: "Run with no subcommand to see the lessons.",
        version: "0.1.0",
        subcommands: [ListCommand.self, LearnCommand.self, ReplayCommand.self, ExportCommand.self, ProgressCommand.self, QuizCommand.self, LintCommand.self]
    )

    @OptionGroup var lessonOptions: LessonOptions
    @OptionGroup var captureOptions: CaptureOptions
    @OptionGroup var recordOptions: RecordOptions

    static func main() {
        ProcessStart.openMissingStandardDescriptors()
        main(nil)
    }

    func run() throws {
        try LearnerClock.check()
        let catalog = try lessonOptions.catalog()
        if let reason = FullScreen.unavailableReason() {
            let w = Words(lessonOptions.resolvedLanguage)
            if reason == FullScreen.stdinNotATerminal {
                // stdout is the terminal here: say it where an error would go too.
                FileHandle.standardError.write(Data("sockettutor: \(w(.showingLessonList, ["reason": ReasonWords.say(reason, w)]))\n".utf8))
            }
            print(LessonListing.text(catalog, language: lessonOptions.resolvedLanguage))
            print("")
            print(w(.startALesson, ["id": catalog.ids.first ?? "ID"]))
            print(w(.noMenu, ["reason": ReasonWords.say(reason, w)]))
            return
        }
        var options = try captureOptions.sessionOptions()
        options.recording = recordOptions.plan(path: nil)
        defer { recordOptions.tellWarnings(options.recording) }
        let store = LearnerStore.open()
        try FullScreen.run(catalog: catalog, language: SavedLanguage.resolve(explicit: lessonOptions.lang, store: store,
                                                                             fallback: lessonOptions.resolvedLanguage),
                           start: .menu, options: options, store: store)
        if let failure = options.pcap?.failure { throw failure }
    }
}

/// Packet capture settings, for the commands that run lessons.
struct CaptureOptions: ParsableArguments {
    @Flag(name: .customLong("no-capture"), help: "Do not capture the lesson's packets.")
    var noCapture = false

    @Option(name: .long, help: ArgumentHelp("Also write the lesson's packets to this pcap file (tcpdump -r, Wireshark).", valueName: "file"))
    var pcap: String?

    /// Decides where packets can be captured (this must run while the process has one
    /// thread) and opens the pcap file, so that a bad path stops the run before it starts.
    func sessionOptions() throws -> SessionOptions {
        var options = SessionOptions()
        options.capture = CapturePlan.prepare(enabled: !noCapture)
        if let pcap {
            if case .unavailable(let reason) = options.capture {
                throw ValidationError("--pcap \(pcap): no packets can be captured here: \(reason)")
            }
            options.pcap = try PcapWriter(path: pcap)
        }
        return options
    }
}

/// Options every command that reads lessons shares.
struct LessonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read lessons from this directory instead of the built-in ones.", valueName: "dir"))
    var lessons: String?

    @Option(name: .long, help: "Language: en or zh (default: from LC_ALL, else LC_MESSAGES, else LANG; zh_CN.UTF-8, zh_TW, zh mean zh; otherwise en).")
    var lang: String?

    func validate() throws {
        if let lessons, lessons.isEmpty {
            throw ValidationError("--lessons: the directory path is empty")
        }
        if let lang, !Language.supported.contains(lang) {
            throw ValidationError("--lang: " + Language.unknown(lang))
        }
    }

    var resolvedLanguage: String {
        // Without the store; commands that open it put the menu's saved choice between the flag
        // and the locale (SavedLanguage.resolve).
        Language.choose(flag: lang, saved: nil, environment: ProcessInfo.processInfo.environment)
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
struct LessonFileFailure: Error, CustomStringConvertible {
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
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the lessons in teaching order.")
    @OptionGroup var lessonOptions: LessonOptions

    func run() throws {
        print(LessonListing.text(try lessonOptions.catalog(), language: lessonOptions.resolvedLanguage))
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
