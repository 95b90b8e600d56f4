import Foundation
import Testing
@testable import Catalogue

/// Every phrase exists in both languages (the exhaustive switches make that a compile
/// error); these check what the compiler cannot: no empty text, the same values named in
/// both, and no English left in the Chinese table.
@Suite struct CatalogueTests {
    /// `{n}`, `{title}` …: the values a template names.
    static func placeholders(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// What may stay in Latin letters in a Chinese phrase: placeholders, key names, program
    /// and option names, C, Python and /proc words a learner types or sees on their own machine.
    static let allowedLatin: Set<String> = [
        "sockettutor", "quiz", "review", "learn", "accept", "TERM", "dumb", "y", "N", "lo", "fd", "Enter", "Ctrl", "D", "q", "r", "v", "u", "d", "h", "z", "L",
        "b", "t", "f", "TimeoutError", "root", "s", "English", "REPLAY", "Esc", "Tab", "Space",
        // Names and units a recording, the store's or a lesson file's messages use as the tools print them.
        "JSON", "UTF", "UTC", "SQLite", "MiB", "ns", "x", "Python", "LANG",
        "AppArmor", "id", "errno", "YAML", "NUL", "U", "KiB", "EOF", "TCP", "UDP", "IPv",
    ]

    @Test func everyPhraseHasTextInEveryLanguage() {
        for phrase in Phrase.allCases {
            for language in InterfaceLanguage.allCases {
                let text = phrase.template(language).trimmingCharacters(in: .whitespaces)
                #expect(!text.isEmpty, "\(phrase) is empty in \(language)")
            }
        }
        #expect(Phrase.allCases.count > 150)
    }

    @Test func bothLanguagesNameTheSameValues() {
        for key in MessageKey.allKeys {
            #expect(Self.placeholders(key.template(.en)) == Self.placeholders(key.template(.zh)), "\(key)")
            #expect(!key.template(.en).trimmingCharacters(in: .whitespaces).isEmpty, "\(key) is empty in English")
            #expect(!key.template(.zh).trimmingCharacters(in: .whitespaces).isEmpty, "\(key) is empty in Chinese")
        }
    }

    @Test func aMessageFillsItsValuesInItsLanguageOnce() {
        let inner = Message(.unknownLanguage, ["value": "fr", "choices": "en, zh"])
        #expect(Words(.en)(inner) == "unknown language 'fr': choose one of en, zh (en: English, zh: 中文)")
        #expect(Words(.zh)(inner).hasPrefix("未知的语言「fr」"))
        // A value holding braces is the file's own text, not a name to fill again.
        let braces = Message(.unknownLanguage, ["value": "{choices}", "choices": "en"])
        #expect(braces.text(.en).hasPrefix("unknown language '{choices}'"))
        #expect(Message.fill("{a} {b} {", { $0 == "a" ? "1" : nil }) == "1 {b} {")
        #expect(inner.description == inner.text(.en))
        // An errno: the C library's words in English, the C name and its meaning in Chinese.
        let errno = Message(.unknownLanguage, ["value": .errno(2), "choices": "en"])
        #expect(errno.text(.en).hasPrefix("unknown language 'No such file or directory'"))
        #expect(errno.text(.zh).hasPrefix("未知的语言「ENOENT（没有那个文件或目录）」"))
        #expect(Message.Value.errno(999).render(.zh) == "E999（未知错误 999）")
    }

    @Test func chineseHasNoEnglishWordsBeyondNamesAndKeys() {
        var offenders: [String] = []
        for key in MessageKey.allKeys {
            var text = key.template(.zh)
            // A name the author or learner types (a YAML key, a call, a file) is quoted.
            text = text.replacingOccurrences(of: "「[^」]*」", with: "", options: .regularExpression)
            for name in Self.placeholders(text) { text = text.replacingOccurrences(of: "{\(name)}", with: "") }
            // Options (--no-capture) and C's constant names (CAP_NET_RAW, AF_PACKET) are typed as they are.
            text = text.replacingOccurrences(of: "--[a-z-]+", with: "", options: .regularExpression)
            text = text.replacingOccurrences(of: "[A-Za-z0-9_./-]+\\.md", with: "", options: .regularExpression)
            text = text.replacingOccurrences(of: "\\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\\b", with: "", options: .regularExpression)
            let words = text.split { !($0.isASCII && $0.isLetter) }.map(String.init)
            // An errno name stays the C name (its meaning beside it where a learner needs it).
            let english = words.filter { !Self.allowedLatin.contains($0) && ErrnoMeaning.chinese($0) == nil }
            if !english.isEmpty { offenders.append("\(key): \(english)") }
            // Every Chinese phrase says something in Chinese, except the one naming English.
            // A template made only of values and marks (`{option}：{problem}`) has no words of its own.
            let onlyValues = text.allSatisfy { !$0.isLetter }
            if key != .phrase(.keyLanguage) && !onlyValues {
                #expect(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(key) has no Chinese: \(text)")
            }
        }
        #expect(offenders.isEmpty, "English in the Chinese table: \(offenders)")
    }

    @Test func wordsFillValuesAndReadLanguageCodes() {
        #expect(Words("zh_CN.UTF-8")(.stepProgress, ["n": 3, "total": 9]) == "第 3/9 步")
        #expect(Words("en")(.stepProgress, ["n": 3, "total": 9]) == "step 3/9")
        #expect(Words("fr")(.keyQuit) == "quit")
        #expect(InterfaceLanguage.en.other == .zh && InterfaceLanguage.zh.other == .en)
    }

    /// The errno names the course's lessons expect (Lessons/*.yaml) each have a meaning.
    @Test func everyErrnoTheCourseMeetsHasAChineseMeaning() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons")
        let files = try FileManager.default.contentsOfDirectory(atPath: lessons.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        let notErrnos: Set<String> = ["ESTABLISHED", "EVERY", "EPHEMERAL", "ENCAPSULATION", "EMPTY", "EIGRP"]
        var missing: Set<String> = []
        for file in files {
            let text = try String(contentsOf: lessons.appendingPathComponent(file), encoding: .utf8)
            let regex = try NSRegularExpression(pattern: "\\bE[A-Z]{3,}\\b")
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range, in: text)!])
                if !notErrnos.contains(name) && ErrnoMeaning.chinese(name) == nil { missing.insert(name) }
            }
        }
        #expect(missing.isEmpty, "errnos without a Chinese meaning: \(missing.sorted())")
    }
}
