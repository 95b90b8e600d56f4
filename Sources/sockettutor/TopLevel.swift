import ArgumentParser
import Catalogue
import Foundation
import Glibc

/// What ends a run with a message: an error from ArgumentParser, from a command's checks or
/// from its run, or `--help`. English goes through ArgumentParser as it always did (the same
/// bytes, the same exit codes); another language gets the same lines in its words.
enum TopLevel {
    static func exit(_ error: any Error) -> Never {
        // An exit status alone says nothing: no language to find (and no store to look in).
        if let code = error as? ExitCode { Glibc.exit(code.rawValue) }
        exit(error, language: RunLanguage.current)
    }

    static func exit(_ error: any Error, language: InterfaceLanguage) -> Never {
        guard language != .en else { SocketTutorCommand.exit(withError: error) }
        let code = SocketTutorCommand.exitCode(for: error)
        if code == .success {
            // --help (ArgumentParser's headings in this language, wrapped by HelpText), --version.
            print(HelpText.translate(SocketTutorCommand.fullMessage(for: error, columns: 100_000), language))
            Glibc.exit(code.rawValue)
        }
        let english = SocketTutorCommand.fullMessage(for: error)
        var text: String
        if let spoken = error as? SpokenError {
            text = Message(.errorLead).text(language) + spoken.text(language)
        } else if let said = error as? MessageError {
            text = Message(.errorLead).text(language) + said.problem.text(language)
        } else if code == .validationFailure {
            text = translate(english, language)
        } else {
            // Not a usage error and not in the catalogue (a lesson file's problems): its own
            // words under the lead.
            text = english.dropPrefix("Error: ").map { Message(.errorLead).text(language) + $0 } ?? english
        }
        if !text.isEmpty {
            if !text.hasSuffix("\n") { text += "\n" }
            FileHandle.standardError.write(Data(text.utf8))
        }
        Glibc.exit(code.rawValue)
    }

    /// ArgumentParser's error text, line by line: `Error: …`, `Help:  …`, `Usage: …`,
    /// `  See '… --help' for more information.`; anything else (a usage line's own
    /// continuation, a lesson file's `file:line:column: …`) stays as it is.
    static func translate(_ english: String, _ language: InterfaceLanguage) -> String {
        let words = Words(language)
        var lines: [String] = []
        for line in english.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let rest = line.dropPrefix("Error: ") {
                lines.append(words(Message(.errorLead)) + say(rest, language))
            } else if let rest = line.dropPrefix("Help:  ") {
                lines.append(words(Message(.helpLead)) + rest)
            } else if let rest = line.dropPrefix("Usage: ") {
                lines.append(words(Message(.usageLead)) + rest)
            } else if let command = line.between("  See '", "' for more information.") {
                lines.append(words(Message(.seeHelp, ["command": .text(command)])))
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One error line in the learner's words: ours (remembered when thrown), a text already
    /// in Chinese (a lesson's own words), one of ArgumentParser's whose wording is known, or
    /// ArgumentParser's English under a lead that says what it is.
    static func say(_ english: String, _ language: InterfaceLanguage) -> String {
        if let ours = UsageProblem.message(forEnglish: english) { return ours.text(language) }
        if english.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { return english }
        return (parserProblem(english) ?? Message(.otherUsageError, ["english": .text(english)])).text(language)
    }

    /// ArgumentParser 1.x's messages for the mistakes a learner makes (UsageGenerator.swift).
    static func parserProblem(_ english: String) -> Message? {
        if let option = english.between("Unknown option '", "'"), !option.contains("'") {
            return Message(.unknownOption, ["option": .text(option)])
        }
        if let pair = english.between("Unknown option '", "'?"), let split = pair.range(of: "'. Did you mean '") {
            return Message(.unknownOptionSuggestion, ["option": .text(String(pair[..<split.lowerBound])),
                                                      "suggestion": .text(String(pair[split.upperBound...]))])
        }
        if let argument = english.between("Missing expected argument '", "'") {
            return Message(.missingArgument, ["argument": .text(argument)])
        }
        if let option = english.between("Missing value for '", "'") {
            return Message(.missingValue, ["option": .text(option)])
        }
        if let argument = english.between("Unexpected argument '", "'") {
            return Message(.unexpectedArgument, ["argument": .text(argument)])
        }
        if let pair = english.between("The value '", "'"), let split = pair.range(of: "' is invalid for '", options: .backwards) {
            return Message(.invalidValue, ["value": .text(String(pair[..<split.lowerBound])),
                                           "option": .text(String(pair[split.upperBound...]))])
        }
        return nil
    }
}

extension String {
    /// The rest after `prefix`, or nil.
    func dropPrefix(_ prefix: String) -> String? { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil }

    /// The text between `start` and `end` when this is exactly `start … end`.
    func between(_ start: String, _ end: String) -> String? {
        guard count >= start.count + end.count, hasPrefix(start), hasSuffix(end) else { return nil }
        return String(dropFirst(start.count).dropLast(end.count))
    }
}
