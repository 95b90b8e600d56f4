import Foundation
import Testing
import Catalogue
import LessonKit

/// docs/glossary.md's table of words the course does not use, held to every Chinese text a
/// learner reads: the lessons' zh texts and the interface's Chinese phrases.
@Suite struct GlossaryTests {
    static let glossary = URL(fileURLWithPath: CLITests.sourceLessons).deletingLastPathComponent()
        .appendingPathComponent("docs/glossary.md")

    /// The "not" column of the table under "## Words the course does not use": each cell
    /// holds one or more words separated by 、.
    static func rejectedWords() throws -> [String] {
        let text = try String(contentsOf: glossary, encoding: .utf8)
        guard let start = text.range(of: "## Words the course does not use") else { return [] }
        var words: [String] = []
        for line in text[start.upperBound...].split(separator: "\n") where line.hasPrefix("|") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, cells[1] != "use", !cells[2].hasPrefix("---") else { continue }
            words += cells[2].split(separator: "、").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return words
    }

    /// Each text that contains a rejected word, as "where: word".
    static func offenders(in texts: [(where: String, text: String)], words: [String]) -> [String] {
        texts.flatMap { entry in words.filter { entry.text.contains($0) }.map { "\(entry.where): \($0)" } }
    }

    static func lessonTexts() throws -> [(where: String, text: String)] {
        let catalog = try LessonCatalog.load(directory: URL(fileURLWithPath: CLITests.sourceLessons))
        return try catalog.headers.flatMap { header in
            try header.load().texts.compactMap { placed in
                placed.text.translations["zh"].map { ("\(header.id).yaml:\(placed.line): \(placed.what)", $0) }
            }
        }
    }

    @Test func theTableIsRead() throws {
        let words = try Self.rejectedWords()
        #expect(words.contains("回声"), "the echo row: \(words)")
        #expect(words.contains("…") && words.contains("录像"), "\(words)")
        #expect(words.count >= 30, "\(words.count) words")
    }

    @Test func theCheckFindsAWordWhereItIs() throws {
        let words = try Self.rejectedWords()
        let found = Self.offenders(in: [("a", "同样的回声程序"), ("b", "回显服务器")], words: words)
        #expect(found == ["a: 回声"])
    }

    @Test func noLessonUsesARejectedWord() throws {
        let texts = try Self.lessonTexts()
        #expect(texts.count > 1000, "every lesson's texts: \(texts.count)")
        let found = Self.offenders(in: texts, words: try Self.rejectedWords())
        #expect(found.isEmpty, "words docs/glossary.md rejects:\n\(found.joined(separator: "\n"))")
    }

    /// Every catalogue: screens, lesson-file problems, recordings, the command line, --help.
    @Test func noInterfacePhraseUsesARejectedWord() throws {
        let texts = MessageKey.allKeys.map { (where: "\($0)", text: $0.template(.zh)) }
        let found = Self.offenders(in: texts, words: try Self.rejectedWords())
        #expect(found.isEmpty, "words docs/glossary.md rejects:\n\(found.joined(separator: "\n"))")
    }
}
