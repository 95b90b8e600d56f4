import Catalogue
import ArgumentParser
import Foundation
import Glibc
import LessonKit
import TUI
import Tutor

struct ReplayCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "replay",
        abstract: CommandHelp.replayAbstract.text,
        discussion: CommandHelp.replayDiscussion.text
    ) }

    @Argument(help: ArgumentHelp(CommandHelp.replayFile.text, valueName: "file"))
    var file: String?

    @Flag(help: ArgumentHelp(CommandHelp.replayLast.text))
    var last = false

    // .unconditional: `--idle-limit -1` is a value to check, not a missing value and a flag.
    @Option(name: .customLong("idle-limit"), parsing: .unconditional,
            help: ArgumentHelp(CommandHelp.replayIdleLimit.text, valueName: "seconds"))
    var idleLimit: Double = 2

    @Flag(help: ArgumentHelp(CommandHelp.replayPlain.text))
    var plain = false

    @Option(name: .long, help: ArgumentHelp(CommandHelp.replayLang.text, valueName: "lang"))
    var lang: String?

    static let idleLimitRange = 0.01...3600.0

    func validate() throws {
        if let lang, !Language.supported.contains(lang) { throw UsageProblem.option("--lang", LessonOptions.unknownLanguage(lang)) }
        guard idleLimit.isFinite, Self.idleLimitRange.contains(idleLimit) else {
            throw UsageProblem.option("--idle-limit", "\(idleLimit)", Message(.secondsRange, ["low": "0.01", "high": "3600"]))
        }
        if file != nil && last { throw UsageProblem.error(.fileOrLastNotBoth) }
        if file == nil && !last { throw UsageProblem.error(.fileOrLast) }
    }

    func run() throws {
        let path: String
        if let file {
            path = file
        } else {
            let store = RecordingStore.standard()
            guard let newest = store.newest() else {
                FileHandle.standardError.write(Data("sockettutor: \(Words(RunLanguage.current)(.noRecordingsYet, ["directory": store.directory.path]))\n".utf8))
                throw ExitCode(1)
            }
            path = newest
        }
        let recording: Recording
        do { recording = try RecordingReader.read(path: path) } catch { throw RecordingFailure(error: error) }
        if !plain {
            if let reason = FullScreen.unavailableReason() {
                let w = Words(recording.header.language)
                FileHandle.standardError.write(Data("sockettutor: \(w(.showingPlain, ["reason": ReasonWords.say(reason, w)]))\n".utf8))
            } else {
                let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
                let app = TutorApp(lessons: [], language: recording.header.language, start: .replay(recording), idleLimit: idleLimit)
                let exit = try app.run(colors: !noColor)
                if exit.status != 0 { throw ExitCode(exit.status) }
                return
            }
        }
        // Notes on stderr are said in --lang when given; the transcript in the recorded language.
        // (`lang` stays nil here, seen with `replay FILE --lang zh`: the root command has a
        // `--lang` too, and ArgumentParser does not give the value to this one. So it is read
        // as typed, as RunLanguage does.)
        let flag = lang ?? RunLanguage.flag(in: Array(CommandLine.arguments.dropFirst()))
        let notes = flag.map(InterfaceLanguage.init(code:)) ?? InterfaceLanguage(code: recording.header.language)
        PlainReplay(recording: recording, path: path, interactive: isatty(STDIN_FILENO) == 1, notes: Words(notes)).run()
    }
}

/// A recording that cannot be read: `FILE:LINE: message`.
struct RecordingFailure: SpokenError, CustomStringConvertible {
    var error: RecordingError
    var description: String { error.description }
    func text(_ language: InterfaceLanguage) -> String { error.text(language) }
}

/// `replay --plain`: the events through PlainTranscript, as PlainRunner printed them live,
/// so the call lines are the same line for line. On a terminal it waits for Enter where the
/// live run waited (each `ready`); otherwise it prints everything at once.
struct PlainReplay {
    let recording: Recording
    let path: String
    let interactive: Bool
    let notes: Words

    func run() {
        // The recorded session's language: the transcript reads as the live one did.
        let w = Words(recording.header.language)
        // Each names the file already. A missing end record is said once, after the transcript.
        for notice in recording.notices where notice.key != .recording(.noEndRecord) { note(notes(notice)) }
        var transcript = PlainTranscript(language: recording.header.language)
        for event in recording.events {
            for line in transcript.lines(for: event) { print(line) }
            if interactive, case .ready = event.event {
                print(w(.plainEnterNext))
                fflush(nil)
                if !waitForEnter() { return }
            }
        }
        fflush(nil)
        if recording.end == nil {
            note(notes(.recordingCutShort, ["path": path]))
        }
    }

    /// False on end of input (Ctrl-D), as in a live `--plain` lesson.
    private func waitForEnter() -> Bool {
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return false }
            if byte == UInt8(ascii: "\n") { return true }
        }
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("sockettutor: \(text)\n".utf8))
    }
}
