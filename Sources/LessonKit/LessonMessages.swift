import Catalogue

/// Building blocks for lesson problems: the parts a message names, each rendered in the
/// message's language, so a Chinese sentence is made of Chinese parts.
extension Message.Value {
    /// A lesson problem nested as a part of another message.
    static func lesson(_ problem: LessonProblem, _ values: [String: Message.Value] = [:]) -> Message.Value {
        .message(Message(problem, values))
    }

    /// A name the author types (a YAML key): bare in English, in 「」 in Chinese.
    static func key(_ name: String) -> Message.Value { .lesson(.keyName, ["key": .text(name)]) }

    /// The file's own text in quotes: '…' in English, 「…」 in Chinese.
    static func quoted(_ text: String) -> Message.Value { .lesson(.quoted, ["text": .text(text)]) }

    /// Names joined as each language joins a list: `a, b, c` or `a、b、c`.
    static func list(_ names: [String]) -> Message.Value { list(names.map { .text($0) }) }

    static func list(_ items: [Message.Value], joiner: LessonProblem = .listMore) -> Message.Value {
        guard let first = items.first else { return .text("") }
        if items.count == 1 { return first }
        return .lesson(joiner, ["first": first, "rest": list(Array(items.dropFirst()), joiner: joiner)])
    }

    /// ` (did you mean 'accept'?)`, or nothing.
    static func hint(for word: String, in candidates: [String]) -> Message.Value {
        Suggestion.closest(to: word, in: candidates).map { .lesson(.didYouMean, ["name": .text($0)]) } ?? .text("")
    }
}
