import Catalogue
import TUI

/// `--help` in the run's language. Our abstracts, discussions and option helps come from the
/// catalogue already (`CommandHelp.text`); this replaces ArgumentParser's own words around
/// them and wraps the text again by display columns (ArgumentParser counts characters, and
/// a Chinese character takes two columns). English is left to ArgumentParser, byte for byte.
enum HelpText {
    /// The columns a help line fills, and where an option's description starts.
    static let width = 80
    static let labelWidth = 26

    /// `english`: ArgumentParser's help rendered without wrapping (a very wide screen).
    static func translate(_ english: String, _ language: InterfaceLanguage) -> String {
        guard language != .en else { return english }
        TextWidth.prepareLocale()
        var out: [String] = []
        var inEntries = false
        for line in english.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let heading = headings[line] {
                out.append(say(heading, language))
                inEntries = true
            } else if line.isEmpty {
                out.append(line)
                inEntries = false
            } else if let rest = line.dropPrefix("OVERVIEW: ") {
                out += wrap(say(.headingOverview, language) + rest, width: width)
            } else if let rest = line.dropPrefix("USAGE: ") {
                out.append(say(.headingUsage, language) + rest)  // names only: as typed
            } else if let command = line.between("  See '", "' for detailed help.") {
                out.append(Message(.seeSubcommandHelp, ["command": .text(command)]).text(language))
            } else if inEntries, line.count > labelWidth, line.hasPrefix("  ") {
                out += entry(line, language)
            } else {
                out += wrap(line, width: width)
            }
        }
        return out.joined(separator: "\n")
    }

    static let headings: [String: CommandHelp] = [
        "ARGUMENTS:": .headingArguments, "OPTIONS:": .headingOptions, "SUBCOMMANDS:": .headingSubcommands,
    ]

    /// Wrapped by display columns, never inside 「」: a quoted name (「tcpdump -r」) is typed whole.
    static func wrap(_ text: String, width: Int) -> [String] {
        var quoted = false
        let kept = String(text.map { c -> Character in
            if c == "「" { quoted = true } else if c == "」" { quoted = false }
            return quoted && c == " " ? "\u{A0}" : c
        })
        return TextWidth.wrap(kept, width: width).map { $0.replacingOccurrences(of: "\u{A0}", with: " ") }
    }

    static func say(_ key: CommandHelp, _ language: InterfaceLanguage) -> String { Message(key).text(language) }

    /// `  --plain                 description…`: the label kept, the description in this
    /// language wrapped under itself.
    static func entry(_ line: String, _ language: InterfaceLanguage) -> [String] {
        let label = String(line.prefix(labelWidth))
        var description = String(line.dropFirst(labelWidth))
        if description == "Show the version." { description = say(.showVersion, language) }
        if description == "Show help information." { description = say(.showHelp, language) }
        // ArgumentParser adds ` (default: 120.0)` after our help.
        if let open = description.range(of: " (default: ", options: .backwards), description.hasSuffix(")") {
            let value = String(description[open.upperBound...].dropLast())
            description = String(description[..<open.lowerBound]) + Message(.defaultValue, ["value": .text(value)]).text(language)
        }
        let lines = wrap(description, width: width - labelWidth)
        let indent = String(repeating: " ", count: labelWidth)
        return lines.enumerated().map { ($0.offset == 0 ? label : indent) + $0.element }
    }
}

extension CommandHelp {
    /// In the language `--help` is written in (English when no help is asked for).
    var text: String { Message(self).text(RunLanguage.help) }
}
