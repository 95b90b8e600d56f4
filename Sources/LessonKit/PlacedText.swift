import Catalogue

/// A learner-facing text where the file holds it, so that lint can name the position of
/// each one a language is missing from.
public struct PlacedText: Sendable, Hashable {
    /// What the text is, as errors name it: "title", "note of step 'b'", …
    public var what: Message.Value
    public var line: Int
    public var column: Int
    public var text: LocalizedText

    public init(what: Message.Value, line: Int, column: Int, text: LocalizedText) {
        self.what = what; self.line = line; self.column = column; self.text = text
    }
}

/// Lint's check that every text of a lesson is written in every language the course shows.
public enum Translations {
    static let names: [String: LessonProblem] = ["en": .languageEnglish, "zh": .languageChinese]

    /// One error per text and language it lacks (an empty or blank text counts as missing),
    /// in the file's order.
    public static func missing(in lesson: Lesson, languages: [String]) -> [LessonError] {
        lesson.texts.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.flatMap { placed in
            languages.compactMap { language -> LessonError? in
                let given = placed.text.translations[language] ?? ""
                guard given.allSatisfy(\.isWhitespace) else { return nil }
                let name: Message.Value = names[language].map { .lesson($0) } ?? .quoted(language)
                return LessonError(file: lesson.file, line: placed.line, column: placed.column,
                                   .noTextIn, ["what": placed.what, "language": name])
            }
        }
    }
}
