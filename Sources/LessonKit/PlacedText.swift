/// A learner-facing text where the file holds it, so that lint can name the position of
/// each one a language is missing from.
public struct PlacedText: Sendable, Hashable {
    /// What the text is, as errors name it: "title", "note of step 'b'", …
    public var what: String
    public var line: Int
    public var column: Int
    public var text: LocalizedText

    public init(what: String, line: Int, column: Int, text: LocalizedText) {
        self.what = what; self.line = line; self.column = column; self.text = text
    }
}

/// Lint's check that every text of a lesson is written in every language the course shows.
public enum Translations {
    static let names = ["en": "English", "zh": "Chinese"]

    /// One error per text and language it lacks (an empty or blank text counts as missing),
    /// in the file's order.
    public static func missing(in lesson: Lesson, languages: [String]) -> [LessonError] {
        lesson.texts.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.flatMap { placed in
            languages.compactMap { language -> LessonError? in
                let given = placed.text.translations[language] ?? ""
                guard given.allSatisfy(\.isWhitespace) else { return nil }
                let name = names[language].map { "\($0) ('\(language)')" } ?? "'\(language)'"
                return LessonError(file: lesson.file, line: placed.line, column: placed.column,
                                   message: "\(placed.what) has no \(name) text")
            }
        }
    }
}
