import Foundation

/// The interface's words in the learner's language: `Words(language)(.keyNext)`.
/// Templates name their values in braces (`第 {n}/{total} 步`); every phrase exists in
/// every language because each language's table is an exhaustive switch (a missing one
/// does not compile), and CatalogueTests checks both tables name the same values.
public struct Words: Sendable, Hashable {
    public let language: InterfaceLanguage

    public init(_ language: InterfaceLanguage) { self.language = language }
    /// A session's language code (`en`, `zh`, `zh_CN` …); anything else reads as English.
    public init(_ code: String) { self.language = InterfaceLanguage(code: code) }

    public func callAsFunction(_ phrase: Phrase, _ values: [String: CustomStringConvertible] = [:]) -> String {
        // One pass (as a Message fills its values): drawn on every frame, and a value that
        // holds braces is never read as a name.
        values.isEmpty ? phrase.template(language) : Message.fill(phrase.template(language)) { values[$0]?.description }
    }
}

/// The interface languages (named apart from LessonKit's `Language`, which chooses a run's).
public enum InterfaceLanguage: String, Sendable, Hashable, CaseIterable {
    case en, zh

    /// `zh`, `zh_CN`, `zh-Hans` … are Chinese; everything else English.
    public init(code: String) {
        self = code.lowercased().hasPrefix("zh") ? .zh : .en
    }

    /// The language's name in itself, as the menu offers it.
    public var ownName: String {
        switch self {
        case .en: return "English"
        case .zh: return "中文"
        }
    }

    /// The other language: what the menu's language key switches to.
    public var other: InterfaceLanguage { self == .en ? .zh : .en }
}

extension Phrase {
    public func template(_ language: InterfaceLanguage) -> String {
        switch language {
        case .en: return english
        case .zh: return chinese
        }
    }
}
