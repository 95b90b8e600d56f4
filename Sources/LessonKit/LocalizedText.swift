/// A learner-facing text with its translations. In a lesson file it is either a plain
/// string (English) or a map from language code to string; English is required.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var translations: [String: String]

    public init(_ english: String) { translations = ["en": english] }
    public init(translations: [String: String]) { self.translations = translations }

    /// The text in `language`, falling back to English where no translation exists.
    public func resolved(_ language: String) -> String {
        translations[language] ?? translations["en"] ?? translations.values.sorted().first ?? ""
    }

    public var english: String { translations["en"] ?? "" }
}
