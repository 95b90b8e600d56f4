import Catalogue
import Foundation
import Testing
@testable import Tutor

/// A damaged recording's message in Chinese: the same FILE:LINE, the problem in Chinese,
/// the file's own words (field names, kinds) as they are written.
@Suite struct RecordingErrorLanguageTests {
    /// English words the reader's messages are made of; none may be left in the Chinese.
    static let englishWords: Set<String> = ["the", "expected", "found", "not", "line", "is", "an", "of", "missing", "after", "where", "more", "than"]

    @Test(arguments: RecordingFormatTests.damages)
    func everyDamageIsSaidInChineseAtTheSameLine(_ damage: RecordingFormatTests.Damage) throws {
        let lines = try RecordingSamples.text().split(separator: "\n").map(String.init)
        let damaged = damage.change(lines)
        let text = damaged.isEmpty ? "" : damaged.joined(separator: "\n") + "\n"
        let error = try #require(throws: RecordingError.self) { try RecordingReader.parse(Array(text.utf8), file: "rec.jsonl") }
        let chinese = error.text(.zh)
        let place = "rec.jsonl" + (damage.line.map { ":\($0): " } ?? ": ")
        #expect(chinese.hasPrefix(place), "\(chinese)")
        #expect(error.text(.en) == error.description)
        let words = Set(chinese.dropFirst(place.count).split { !($0.isASCII && $0.isLetter) }.map { $0.lowercased() })
        #expect(words.isDisjoint(with: Self.englishWords), "English left: \(chinese)")
        #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(chinese)")
    }

    @Test func aFieldOfTheWrongTypeNamesItAsWritten() throws {
        let lines = try RecordingSamples.text().split(separator: "\n").map(String.init)
        let damage = try #require(RecordingFormatTests.damages.first { $0.name == "wrong type" })
        let error = try #require(throws: RecordingError.self) {
            try RecordingReader.parse(Array((damage.change(lines).joined(separator: "\n") + "\n").utf8), file: "rec.jsonl")
        }
        #expect(error.description.hasSuffix("call_id: expected an integer, found a string"), "\(error)")
        #expect(error.text(.zh).hasSuffix("call_id：应是整数，却是字符串"), "\(error.text(.zh))")
    }

    @Test func aCutLastLineIsForgivenWithAChineseNotice() throws {
        let text = try RecordingSamples.text()
        let cut = String(text.dropLast(10))
        let recording = try RecordingReader.parse(Array(cut.utf8), file: "rec.jsonl")
        let notices = recording.notices.map { $0.text(.zh) }
        #expect(notices.contains { $0.hasPrefix("rec.jsonl:") && $0.contains("最后一行不完整") }, "\(notices)")
        #expect(notices.contains { $0 == "rec.jsonl：没有结束记录：这次会话中途中断了（程序被终止或崩溃，或磁盘已满）" }, "\(notices)")
    }
}
