import ArgumentParser
import Catalogue
import Foundation
import LessonKit
import Progress
import Synchronization

/// The language this run speaks before a lesson or a recording says otherwise: `--lang`,
/// else the choice saved in the menu, else the locale (LC_ALL, LC_MESSAGES, LANG), else
/// English. Found from the raw arguments, so that even an error ArgumentParser finds before
/// any command exists, and `--help`, are said in it.
enum RunLanguage {
    /// This process's: computed once, on first use.
    static let current: InterfaceLanguage = InterfaceLanguage(code: code(arguments: arguments))

    /// Without the saved choice: `--lang`, else the locale (for what is said while the store opens).
    static let beforeStore: InterfaceLanguage = InterfaceLanguage(
        code: Language.choose(flag: flag(in: arguments), environment: ProcessInfo.processInfo.environment))

    /// The language `--help` is written in: the run's when help is asked for; otherwise
    /// English, so that a run that shows no help does not look at the store for it.
    static let help: InterfaceLanguage = arguments.contains { ["-h", "--help", "help"].contains($0) } ? current : .en

    private static var arguments: [String] { Array(CommandLine.arguments.dropFirst()) }

    /// The language code for these arguments and this environment.
    static func code(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let flag = self.flag(in: arguments)
        if let flag, Language.supported.contains(flag) { return flag }
        return Language.choose(flag: nil, saved: saved(environment: environment), environment: environment)
    }

    /// The value of the last `--lang X` or `--lang=X` before a `--`, as typed.
    static func flag(in arguments: [String]) -> String? {
        var found: String?
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let argument = arguments[index]
            if argument == "--lang", index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") {
                found = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--lang=") {
                found = String(argument.dropFirst("--lang=".count))
            }
            index += 1
        }
        return found
    }

    /// The menu's saved choice, read only when the store's file exists: looking must not
    /// create a store on a machine that has none (`list` on a fresh machine writes nothing).
    static func saved(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let directory = ProgressStore.standardDirectory(environment: environment)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(ProgressStore.fileName).path),
              let store = LearnerStore.open(language: InterfaceLanguage(code: Language.fromLocale(environment)), directory: directory)
        else { return nil }
        return try? store.setting(SavedLanguage.key)
    }
}

/// A wrong command line found by our own checks (`validate()`): thrown as ArgumentParser's
/// ValidationError, so that its English, its usage lines and exit 64 stay ArgumentParser's,
/// and remembered, so that the top level can say it in the run's language.
enum UsageProblem {
    private static let last = Mutex<Message?>(nil)

    static func error(_ message: Message) -> ValidationError {
        last.withLock { $0 = message }
        return ValidationError(message.description)
    }

    static func error(_ problem: CommandProblem, _ values: [String: Message.Value] = [:]) -> ValidationError {
        error(Message(problem, values))
    }

    /// `--size 9x9: give …`: an option, its value when it has one, and what is wrong.
    static func option(_ option: String, _ value: String, _ problem: Message) -> ValidationError {
        error(.optionValueProblem, ["option": .text(option), "value": .text(value), "problem": .message(problem)])
    }

    /// `--lessons: …`: an option and what is wrong.
    static func option(_ option: String, _ problem: Message) -> ValidationError {
        error(.optionProblem, ["option": .text(option), "problem": .message(problem)])
    }

    /// The message remembered for this English text, if it was ours.
    static func message(forEnglish text: String) -> Message? {
        last.withLock { $0 }.flatMap { $0.description == text ? $0 : nil }
    }
}

/// An error that can say itself in the learner's language (its `description` is the English).
protocol SpokenError: Error {
    func text(_ language: InterfaceLanguage) -> String
}

/// A problem said as a catalogue message, failing the run (exit 1 unless given).
struct CommandFailure: SpokenError, CustomStringConvertible {
    var message: Message
    var description: String { message.description }
    func text(_ language: InterfaceLanguage) -> String { message.text(language) }
}

extension Message.Value {
    /// An error as a value: one with a message in the learner's words, any other as it prints.
    static func problem(_ error: any Error) -> Message.Value {
        if let error = error as? MessageError { return .message(error.problem) }
        return .text("\(error)")
    }
}

/// Warnings on stderr, `sockettutor: warning: …`, in the run's language.
enum Warning {
    static func say(_ message: Message, language: InterfaceLanguage = RunLanguage.current) {
        let lead = Message(.warningLead).text(language)
        FileHandle.standardError.write(Data("sockettutor: \(lead)\(message.text(language))\n".utf8))
    }

    /// A line without the `warning:` lead (`sockettutor: FILE: …`).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data("sockettutor: \(text)\n".utf8))
    }
}
